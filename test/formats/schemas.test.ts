// Every result file has one schema, used to write it and to read it back: what `bloom run`, `bloom baseline` and
// the gate write passes its schema, Python Bloom's files pass the same schemas, and no result-file schema fills in
// defaults or transforms a value, so a reader's checked data is the file's own (formats/read.ts relies on it).

import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { baselineSchema } from '../../src/formats/baseline.ts';
import { gateLooksSchema } from '../../src/formats/gate-looks.ts';
import { historyEntrySchema } from '../../src/formats/history.ts';
import { ideationSchema } from '../../src/formats/ideation.ts';
import { judgeCheckSchema } from '../../src/formats/judge-check.ts';
import { judgeFileSchema, judgmentFileSchema, metajudgmentFileSchema } from '../../src/formats/judgment.ts';
import { suiteLockSchema } from '../../src/formats/lock.ts';
import { rolloutFileSchema } from '../../src/formats/rollout.ts';
import { runInfoSchema } from '../../src/formats/run-info.ts';
import { seedSchema } from '../../src/formats/seed.ts';
import { transcriptSchema } from '../../src/formats/transcript.ts';
import { understandingSchema } from '../../src/formats/understanding.ts';
import { runCli } from '../support/cli.ts';

const RESULT_SCHEMAS: Record<string, z.ZodType> = {
  understandingSchema,
  ideationSchema,
  transcriptSchema,
  judgmentFileSchema,
  judgeFileSchema,
  metajudgmentFileSchema,
  rolloutFileSchema,
  runInfoSchema,
  baselineSchema,
  historyEntrySchema,
  gateLooksSchema,
  judgeCheckSchema,
  suiteLockSchema,
};

/** The schema a results folder's file is read with, by its name. */
function schemaOf(name: string): z.ZodType | undefined {
  if (/^transcript_v\d+r\d+\.json$/.test(name)) return transcriptSchema;
  if (/^judge_v\d+r\d+\.json$/.test(name)) return judgeFileSchema;
  return {
    'understanding.json': understandingSchema,
    'ideation.json': ideationSchema,
    'judgment.json': judgmentFileSchema,
    'rollout.json': rolloutFileSchema,
    'run_info.json': runInfoSchema,
    'metajudgment.json': metajudgmentFileSchema,
    'judge_check.json': judgeCheckSchema,
    'gate_looks.json': gateLooksSchema,
    'baseline.json': baselineSchema,
    'suite.lock.json': suiteLockSchema,
  }[name];
}

/** Kinds of schema that would make zod's output differ from the file it read. */
const CHANGING = new Set(['default', 'prefault', 'transform', 'pipe', 'catch']);

/** Every schema type reachable from `schema` that fills in or changes a value, with its path. */
function changingParts(schema: z.ZodType, path = '', seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema.def as unknown as Record<string, unknown> & { type: string };
  if (CHANGING.has(def.type)) return [`${path || '(root)'}: ${def.type}`];
  const children: [string, unknown][] = [];
  const shape = def.shape as Record<string, unknown> | undefined;
  if (shape) for (const [key, inner] of Object.entries(shape)) children.push([`${path}.${key}`, inner]);
  for (const key of ['element', 'innerType', 'valueType', 'keyType', 'catchall', 'rest']) {
    if (def[key]) children.push([`${path}[${key}]`, def[key]]);
  }
  for (const key of ['options', 'items']) {
    const list = def[key];
    if (Array.isArray(list)) for (const [i, inner] of list.entries()) children.push([`${path}|${i}`, inner]);
  }
  return children.flatMap(([p, inner]) => changingParts(inner as z.ZodType, p, seen));
}

async function jsonFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) found.push(join(entry.parentPath, entry.name));
  }
  return found.sort();
}

/** Each file's check against its schema: passes, and zod's copy equals the file's own data. */
async function checkAgainstSchemas(files: string[]): Promise<string[]> {
  const checked: string[] = [];
  for (const file of files) {
    const schema = schemaOf(file.split('/').at(-1) ?? '');
    if (!schema) continue;
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    const result = schema.safeParse(data);
    expect(result.error?.issues, file).toBeUndefined();
    expect(result.data, file).toEqual(data);
    checked.push(file.split('/').at(-1) ?? '');
  }
  return checked;
}

describe('result-file schemas', () => {
  it('fill in no defaults and transform nothing', () => {
    const found = Object.entries(RESULT_SCHEMAS).flatMap(([name, schema]) =>
      changingParts(schema).map((part) => `${name}${part}`),
    );
    expect(found).toEqual([]);
    // The walk finds them where they are: seed.yaml's schema fills in `bloom init`'s defaults.
    expect(changingParts(seedSchema)).toContain('.temperature: default');
  });

  it("read Python Bloom's own files", async () => {
    const checked = await checkAgainstSchemas(await jsonFiles('fixtures/bloom/conflict-sensitivity-run'));
    expect(checked).toContain('judgment.json');
    expect(checked.some((name) => name.startsWith('transcript_'))).toBe(true);
  });

  describe('what this tool writes', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'bloom-formats-'));
      const env = { SOURCE_DATE_EPOCH: '1767225600' };
      const results = join(root, 'results');
      const baseline = join(root, 'base', 'baseline.json');
      await cp('fixtures/demo', join(root, 'data'), { recursive: true });
      for (const args of [
        ['pin', join(root, 'data')],
        ['run', join(root, 'data'), '--results', results],
        ['baseline', results, '--out', baseline],
        [
          'run',
          join(root, 'data'),
          '--results',
          results,
          '--baseline',
          baseline,
          '--until-decided',
          '--max-rollouts',
          '48',
        ],
      ]) {
        const out = await runCli(args, { env });
        expect(out.stderr.split('\n').filter((l) => l.startsWith('bloom:'))).toEqual([]);
      }
    }, 60_000);

    it('passes the schemas it is read back with, unchanged by them', async () => {
      const checked = await checkAgainstSchemas(await jsonFiles(root));
      for (const name of [
        'suite.lock.json',
        'understanding.json',
        'ideation.json',
        'rollout.json',
        'judgment.json',
        'run_info.json',
        'metajudgment.json',
        'judge_check.json',
        'gate_looks.json',
        'baseline.json',
      ]) {
        expect(checked, name).toContain(name);
      }
      expect(checked.filter((name) => name.startsWith('transcript_')).length).toBeGreaterThan(0);
      expect(checked.filter((name) => name.startsWith('judge_v')).length).toBeGreaterThan(0);
    });

    it('writes history lines that pass their schema', async () => {
      const lines = (await readFile(join(root, 'base', 'history.jsonl'), 'utf8')).trim().split('\n');
      for (const line of lines) expect(historyEntrySchema.safeParse(JSON.parse(line)).success).toBe(true);
    });
  });
});
