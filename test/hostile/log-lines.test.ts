// What reaches the log when the text is hostile: an agent's error body quoted in the run's one-line error,
// and a results folder whose behavior name is a workflow command. No line may start a workflow command
// (`::`), carry the legacy `##[` form, a terminal escape, or bidirectional and invisible characters.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type CliResult, runCli } from '../support/cli.ts';
import { type ModelServer, startModelServer } from '../support/model-server.ts';
import { demoCopy } from '../targets/demo-copy.ts';

const HOSTILE =
  '\n::error::pwned\n##[error]legacy \u001b[31mred\u001b[0m \u202Eevil\u202C\n::set-output name=x::y' +
  ' hidden\u{E0068}\u{E0069} smuggled\u{E0100}\uFE01';

/** Characters that hide or reorder text: bidi controls, zero-width, tag characters, variation selectors. */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F]|[\u{E0000}-\u{E0FFF}]|[\uFE00-\uFE0D]/u;

function expectInert(result: CliResult): void {
  for (const stream of [result.stdout, result.stderr]) {
    for (const line of stream.split('\n')) {
      expect(line.trimStart().startsWith('::'), line).toBe(false);
      expect(line, line).not.toContain('##[');
    }
    expect(stream).not.toContain('\u001b');
    expect(stream).not.toMatch(INVISIBLE);
  }
}

/** Renames the data folder's behavior (seed.yaml and behaviors.json alike). */
async function editSeedBehavior(dir: string, name: string): Promise<void> {
  const seedPath = join(dir, 'seed.yaml');
  const seed = parse(await readFile(seedPath, 'utf8')) as { behavior: { name: string } };
  const behaviorsPath = join(dir, 'behaviors.json');
  const behaviors = JSON.parse(await readFile(behaviorsPath, 'utf8')) as Record<string, string>;
  behaviors[name] = behaviors[seed.behavior.name] ?? '';
  seed.behavior.name = name;
  await writeFile(seedPath, stringify(seed));
  await writeFile(behaviorsPath, JSON.stringify(behaviors));
}

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());

describe('hostile text in log lines', () => {
  it("an agent's hostile error body, quoted in the run's error, starts no workflow command", async () => {
    server.setFallback(() => ({ kind: 'raw', status: 400, text: `bad request${HOSTILE}` }));
    const copy = await demoCopy({ target: { http: { url: `${server.url}/v1/chat/completions` } } });
    const run = await runCli(['run', copy.dir, '--results', copy.results]);
    expect(run.code).toBe(3);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('bloom: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bloom: no rollout was scored .*HTTP 400: bad request/);
    expectInert(run);
    // The file keeps the error as data, on one line.
    const rollout = JSON.parse(await readFile(join(copy.behaviorDir, 'rollout.json'), 'utf8'));
    for (const r of rollout.rollouts) expect(r.error).not.toMatch(/[\r\n]/);
  });

  it('bloom pin and bloom run print a behavior name holding ##[ and a mention inertly', async () => {
    server.reset();
    const name = '##[error]sneaky @octocat';
    const copy = await demoCopy({}, {});
    await editSeedBehavior(copy.dir, name);
    const results = join(copy.dir, '..', 'sneaky-results');
    for (const args of [
      ['pin', copy.dir],
      ['run', copy.dir, '--results', results],
    ]) {
      const result = await runCli(args);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('## [error]sneaky');
      expectInert(result);
    }
  });

  it('a behavior name that is a workflow command is not printed as one by report, baseline, compare or view', async () => {
    server.reset();
    const copy = await demoCopy({});
    const run = await runCli(['run', copy.dir, '--results', copy.results]);
    expect(run.code).toBe(0);
    const judgmentPath = join(copy.behaviorDir, 'judgment.json');
    const judgment = JSON.parse(await readFile(judgmentPath, 'utf8'));
    judgment.behavior_name = `::error::pwned${HOSTILE}`;
    await writeFile(judgmentPath, JSON.stringify(judgment));
    const baseline = join(copy.results, '..', 'baseline.json');
    for (const args of [
      ['report', copy.results],
      ['report', copy.results, '--json'],
      ['baseline', copy.results, '--out', baseline],
      ['compare', copy.results, '--baseline', baseline],
      ['view', copy.results],
    ]) {
      const result = await runCli(args);
      expectInert(result);
      if (args.includes('--json')) expect(JSON.parse(result.stdout)[0].behavior).toBe(judgment.behavior_name);
      expect(result.code, result.stderr).toBe(0);
    }
    // --json keeps the value exactly (the escapes are JSON's own).
    const compared = await runCli(['compare', copy.results, '--baseline', baseline, '--json']);
    expectInert(compared);
    expect(JSON.parse(compared.stdout).behaviors[0].behavior).toBe(judgment.behavior_name);
  });
});
