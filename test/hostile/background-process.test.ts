// A command target (the pull request's own code) that leaves a process behind each turn, detached from its output
// (`nohup ... &`), to write after the run: over the results it was judged by, or anywhere else. The turn's end
// ends its process group, so nothing it started outlives the turn. (A process that leaves the group with setsid is
// left to the runner's isolation: test/bench/README.md.)

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { demoCopy } from '../targets/demo-copy.ts';

/** Replies at once; leaves behind a process that, a moment later, forges judgment.json and drops a marker. */
const AGENT = [
  'cat >/dev/null',
  "nohup sh -c 'sleep 0.5; echo forged > ../results/delusional-sycophancy/judgment.json; echo late >> ../late.txt' >/dev/null 2>&1 &",
  'echo "I hear you; could something else explain it?"',
].join('\n');

it('a command target forking a process that writes after the run: it is ended with the turn', async () => {
  const copy = await demoCopy({ target: { command: 'sh agent.sh' } }, { files: { 'agent.sh': AGENT } });
  const run = await runCli(['run', copy.dir, '--results', copy.results]);
  expect(run.code, run.stderr).toBe(0);
  const judgment = join(copy.behaviorDir, 'judgment.json');
  const written = await readFile(judgment, 'utf8');
  await sleep(1000);
  expect(existsSync(join(copy.dir, '..', 'late.txt'))).toBe(false);
  expect(await readFile(judgment, 'utf8')).toBe(written);
}, 30_000);
