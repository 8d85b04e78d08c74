// Inputs whose shape, not content, is wrong: bytes that are not UTF-8 (Latin-1, UTF-16) in every kind of file the
// tool reads, and names that JavaScript objects already hold (constructor, toString, __proto__). Each gets one line
// naming the file and key, exit 2. A UTF-8 byte-order mark, which editors on Windows write, is accepted.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/util/errors.ts';
import { runCli } from '../support/cli.ts';
import { BEHAVIOR, type Case, type Corrupt, runCases } from './cases.ts';
import { ROOT } from './workspace.ts';

type Plain = Record<string, unknown>;

const RUN = ['run', 'data', '--results', 'out'];
const COMPARE = ['compare', 'results', '--baseline', 'base/baseline.json'];
const seed = (c: Corrupt, edit: (s: Plain) => unknown) => c.yaml('data/seed.yaml', edit);
const section = (s: Plain, key: string) => s[key] as Plain;
const NOT_UTF8 = 'expected UTF-8 text, found bytes that are not UTF-8$';
/** A Latin-1 "é" where UTF-8 needs two bytes. */
const latin1 = (bytes: Buffer) => Buffer.concat([bytes, Buffer.from('# caf\xe9\n', 'latin1')]);
/** The file as UTF-16 with its byte-order mark, as some Windows tools save JSON. */
const utf16 = (bytes: Buffer) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);

const encodings: Case[] = [
  {
    file: 'data/seed.yaml',
    how: 'a Latin-1 byte in a comment',
    corrupt: (c) => c.bytes('data/seed.yaml', latin1),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: line \\d+: ${NOT_UTF8}`),
  },
  ...['behaviors.json', 'models.json', 'configurable_prompts/default.json'].map(
    (name): Case => ({
      file: `data/${name}`,
      how: 'saved as UTF-16',
      corrupt: (c) => c.bytes(`data/${name}`, utf16),
      args: RUN,
      code: EXIT.config,
      message: new RegExp(`^data/${name.replace(/\./g, '\\.')}: line 1: ${NOT_UTF8}`),
    }),
  ),
  {
    file: 'base/baseline.json',
    how: 'saved as UTF-16',
    corrupt: (c) => c.bytes('base/baseline.json', utf16),
    args: COMPARE,
    code: EXIT.config,
    message: new RegExp(`^base/baseline\\.json: line 1: ${NOT_UTF8}`),
  },
  {
    file: 'agent.yaml',
    how: 'a --target file with a Latin-1 byte',
    corrupt: async (c) => {
      await c.write('agent.yaml', 'model: demo-target\n');
      await c.bytes('agent.yaml', latin1);
    },
    args: [...RUN, '--target', 'agent.yaml'],
    code: EXIT.config,
    message: new RegExp(`^agent\\.yaml: line 2: ${NOT_UTF8}`),
  },
];

const MODEL_RULE =
  'expected a model short name \\(.*\\), a models\\.json name, or a provider/model id \\(.*\\)';

/** Names every plain object inherits: never found as a model (they were exit 70, "a bug in this tool"). */
const inheritedNames: Case[] = [
  ...['constructor', 'toString', '__proto__', 'hasOwnProperty'].map(
    (name): Case => ({
      file: 'data/seed.yaml',
      how: `rollout.target ${JSON.stringify(name)}`,
      corrupt: (c) =>
        seed(c, (s) => {
          section(s, 'rollout').target = name;
        }),
      args: RUN,
      code: EXIT.config,
      message: new RegExp(`^data/seed\\.yaml: rollout\\.target: ${MODEL_RULE}, found "${name}"$`),
    }),
  ),
  {
    file: 'data/seed.yaml',
    how: 'understanding.model "valueOf"',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'understanding').model = 'valueOf';
      }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: understanding\\.model: ${MODEL_RULE}, found "valueOf"$`),
  },
  {
    file: '(arguments)',
    how: '--target toString',
    corrupt: async () => {},
    args: [...RUN, '--target', 'toString'],
    code: EXIT.config,
    message: new RegExp(`^--target: ${MODEL_RULE}, found "toString"$`),
  },
];

const PROTO = 'expected keys other than "__proto__", found "__proto__"$';
/** Puts `"__proto__": value` first in the JSON object that starts at `at` (written as JSON.parse reads it). */
const protoAt =
  (at: string, value: string, key = '__proto__') =>
  (text: string) =>
    text.replace(at, `${at}"${key}": ${value}, `);
const behaviorsAt = protoAt('"behaviors": {', '{"n": 1}');

/**
 * An own "__proto__" key: JSON.parse and YAML keep it as data, and a copy by assignment makes it a prototype (an
 * entry silently dropped, or fields lent to every lookup). Refused wherever it is, in every file read.
 */
const protoKeys: Case[] = [
  {
    file: 'data/models.json',
    how: 'a model named "__proto__"',
    corrupt: (c) => c.text('data/models.json', protoAt('{', '{"id": "scripted/target?rate=0"}')),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/models.json: __proto__: ${PROTO}`),
  },
  {
    file: 'data/behaviors.json',
    how: 'a behavior named "__proto__"',
    corrupt: (c) => c.text('data/behaviors.json', protoAt('{', '"a description"')),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/behaviors.json: __proto__: ${PROTO}`),
  },
  {
    file: 'data/seed.yaml',
    how: 'a __proto__ key inside rollout',
    corrupt: (c) =>
      c.text('data/seed.yaml', (t) => t.replace(/^rollout:\n/m, 'rollout:\n  __proto__: {num_reps: 500}\n')),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed.yaml: rollout.__proto__: ${PROTO}`),
  },
  {
    file: 'base/baseline.json',
    how: 'a behavior keyed "__proto__"',
    corrupt: (c) => c.text('base/baseline.json', behaviorsAt),
    args: COMPARE,
    code: EXIT.config,
    message: new RegExp(`^base/baseline.json: behaviors.__proto__: ${PROTO}`),
  },
  {
    file: 'base/baseline.json',
    how: 'a behavior keyed "\\u005f_proto__" (escaped, the same key once parsed)',
    corrupt: (c) => c.text('base/baseline.json', protoAt('"behaviors": {', '{"n": 1}', '\\u005f_proto__')),
    args: COMPARE,
    code: EXIT.config,
    message: new RegExp(`^base/baseline.json: behaviors.__proto__: ${PROTO}`),
  },
  {
    file: 'base/history.jsonl',
    how: 'a line holding "__proto__"',
    corrupt: (c) => c.text('base/history.jsonl', (t) => `${t}{"__proto__": {"rate": 0}}\n`),
    args: ['baseline', 'results', '--out', 'base/baseline.json'],
    code: EXIT.config,
    message: new RegExp(`^base/history.jsonl: line 2: __proto__: ${PROTO}`),
  },
  {
    file: `results/${BEHAVIOR}/transcript_v1r1.json`,
    how: 'a transcript holding "__proto__", found on resume',
    corrupt: (c) => c.text(`results/${BEHAVIOR}/transcript_v1r1.json`, protoAt('{', '{"x": 1}')),
    args: ['run', 'data', '--results', 'results'],
    code: EXIT.config,
    message: new RegExp(`^results/${BEHAVIOR}/transcript_v1r1.json: __proto__: ${PROTO}`),
  },
  {
    // The search keeps a link to each parent, not a copy of each path: copying made this minutes of work.
    file: 'base/baseline.json',
    how: 'a "__proto__" key 100,000 objects deep',
    corrupt: (c) =>
      c.write('base/baseline.json', `${'{"a": '.repeat(100_000)}{"__proto__": 1}${'}'.repeat(100_000)}`),
    args: COMPARE,
    code: EXIT.config,
    message: /^base\/baseline\.json: a(\.a){200}/,
  },
];

const POSITION = 'expected a key that is a variation or repetition number, found the key';

/** A baseline's cells are keyed 1, 2, ...: "06" would be a second key for cell 6, "0" a cell no run has. */
const positionKeys: Case[] = [
  ['06', 'a variation written "06"', '\\["06"\\]'],
  ['0', 'a variation 0', '\\["0"\\]'],
].map(
  ([key, how, path]): Case => ({
    file: 'base/baseline.json',
    how: how as string,
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        const scores = ((b.behaviors as Plain)[BEHAVIOR] as Plain).scores as Plain;
        const [first] = Object.keys(scores);
        scores[key as string] = scores[first as string];
        delete scores[first as string];
      }),
    args: COMPARE,
    code: EXIT.config,
    message: new RegExp(
      `^base/baseline\\.json: behaviors\\.${BEHAVIOR}\\.scores${path}: ${POSITION} "${key}"$`,
    ),
  }),
);

describe('inputs of the wrong shape', () => {
  runCases([...encodings, ...inheritedNames, ...protoKeys, ...positionKeys]);
});

describe('a UTF-8 byte-order mark', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('is accepted at the start of every JSON file of a data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-bom-'));
    dirs.push(dir);
    await cp(join(ROOT, 'fixtures/demo'), join(dir, 'data'), { recursive: true });
    for (const name of ['behaviors.json', 'models.json', 'configurable_prompts/default.json']) {
      const path = join(dir, 'data', name);
      await writeFile(path, `\uFEFF${await readFile(path, 'utf8')}`);
    }
    const run = await runCli(['pin', 'data'], { cwd: dir });
    expect(run.stderr).not.toMatch(/^bloom: /m);
    expect(run.code).toBe(0);
  });
});
