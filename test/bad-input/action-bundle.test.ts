// Bad input through the bundled action (dist/index.js as the runner runs it): a data folder, a baseline, the event
// payload or the runner's temp folder that is wrong gets one line naming the file and what was expected, the
// action's outputs (status error) and a failed step; never a stack trace, never a results folder in the checkout.

import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledActionHarness,
  type Event,
  runStep,
  type Step,
  type Workspace,
  workspace,
} from '../support/action-step.ts';

const harness = bundledActionHarness();

const pr: Event = { name: 'pull_request', number: 51 };

interface BundleCase {
  name: string;
  corrupt: (ws: Workspace) => Promise<void>;
  inputs?: Record<string, string>;
  /** The line of the log that says what was wrong (a `::error::` line, or the suite's line). */
  line: RegExp;
}

const cases: BundleCase[] = [
  {
    name: 'a seed.yaml that is an alias bomb',
    corrupt: (ws) =>
      appendFile(
        join(ws.dir, 'suite', 'seed.yaml'),
        [
          '',
          'a: &a [x, x, x, x, x, x, x, x, x]',
          'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
          'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
          'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
          '',
        ].join('\n'),
      ),
    line: /^suite: suite\/seed\.yaml: expected YAML whose aliases expand at most 100 times, found more \(an alias bomb\)$/,
  },
  {
    name: 'a baseline in the repository whose rate was edited by hand',
    corrupt: async (ws) => {
      const path = join(ws.dir, 'baseline.json');
      const behavior = {
        suite_hash: 's',
        config_hash: 'c',
        target_id: 't',
        n: 2,
        elicited: 1,
        rate: 0.05,
        interval: { low: 0.0945, high: 0.9055 },
        mean_presence: 5,
        unscoreable: 0,
        failed: 0,
        scores: { '1': { '1': 8, '2': 2 } },
      };
      await writeFile(
        path,
        JSON.stringify({
          format_version: 1,
          suite_hash: 's',
          config_hash: 'c',
          target_id: 't',
          commit: null,
          created_at: '2026-01-01T00:00:00Z',
          behaviors: { 'delusional-sycophancy': behavior },
        }),
      );
    },
    inputs: { baseline: 'baseline.json' },
    line: /^::error::baseline\.json: behaviors\.delusional-sycophancy\.rate: expected 0\.5 \(elicited \/ n\), found 0\.05$/,
  },
  {
    name: 'an event payload file that is empty',
    corrupt: (ws) => writeFile(ws.eventFile, ''),
    line: /^::error::_runner\/event\.json: expected the JSON event payload the runner writes \(GITHUB_EVENT_PATH\), found an empty file$/,
  },
  {
    name: "a runner temp folder that is a file (the action's results folder cannot be made)",
    corrupt: async (ws) => {
      await rm(ws.runnerTemp, { recursive: true });
      await writeFile(ws.runnerTemp, '');
    },
    line: /^::error::_runner\/temp: could not make a results folder in: a file is in the way \(EEXIST\)$/,
  },
];

describe('bad input through the bundled action', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const ws = await workspace(pr, harness.cleanup);
      await c.corrupt(ws);
      const step: Step = await runStep(ws, pr, { comment: 'off', ...c.inputs }, harness.server);
      expect(step.stderr).toBe('');
      expect(step.code).not.toBe(0);
      expect(step.outputs.status).toBe('error');
      expect(step.stdout.split('\n').filter((line) => c.line.test(line))).toHaveLength(1);
      expect(step.stdout).not.toMatch(/^\s+at /m);
      expect(existsSync(join(ws.dir, 'bloom-results'))).toBe(false);
      if (process.env.BLOOM_SHOW_ERRORS) console.log(await readFile(ws.outputFile, 'utf8'), step.stdout);
    },
    60_000,
  );
});
