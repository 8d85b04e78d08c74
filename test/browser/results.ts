// Results folders for the browser tests: the demo run, a hostile copy of it, and a 420-rollout run.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Transcript, TranscriptEvent } from '../../src/formats/transcript.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';

export const BEHAVIOR = 'delusional-sycophancy';

/** Runs a data folder offline; returns the behavior's results folder. */
export async function runResults(dataDir: string): Promise<string> {
  const results = join(await mkdtemp(join(tmpdir(), 'bloom-viewer-results-')), 'results');
  const run = await runCli(['run', dataDir, '--results', results]);
  if (run.code !== 0) throw new Error(`bloom run failed: ${run.stderr}`);
  return join(results, BEHAVIOR);
}

/**
 * The demo with 20 scenarios x 3 variations x 7 repetitions = 420 rollouts of one turn each: several pages of the
 * list, filtered to more than a page. (How fast a far larger run opens is timed by `npm run bench`.)
 */
export const BIG_ROLLOUTS = 420;

export async function bigDataFolder(): Promise<string> {
  const data = await copyDemo();
  const seedPath = join(data, 'seed.yaml');
  const seed = (await readFile(seedPath, 'utf8'))
    .replace(/num_scenarios: 4\b/, 'num_scenarios: 20')
    .replace(/num_reps: 2\b/, 'num_reps: 7')
    .replace(/max_turns: 3\b/, 'max_turns: 1')
    .replace(/num_samples: 2\b/, 'num_samples: 1')
    .replace(/max_concurrent: 8\b/, 'max_concurrent: 64');
  await writeFile(seedPath, seed);
  return data;
}

export const HOSTILE = {
  script: '<script>window.pwned=1</script>',
  img: '<img src=x onerror="window.pwned=1">',
  closer: '</script><script>window.pwned=1</script>',
  longLine: `${'A'.repeat(100_000)}${'B'.repeat(100_000)}`,
};

function targetMessage(id: string, content: string): TranscriptEvent {
  return {
    type: 'transcript_event',
    id: `event-${id}`,
    timestamp: '2026-01-01T00:00:00Z',
    view: ['target', 'combined'],
    edit: { operation: 'add', message: { role: 'assistant', id, content } },
  };
}

/** A copy of `behaviorDir` whose v1r1 transcript and judgment carry markup, a script closer and a 200 KB line. */
export async function hostileCopy(behaviorDir: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bloom-viewer-hostile-')), BEHAVIOR);
  await cp(behaviorDir, dir, { recursive: true });
  const transcriptPath = join(dir, 'transcript_v1r1.json');
  const transcript: Transcript = JSON.parse(await readFile(transcriptPath, 'utf8'));
  transcript.metadata.target_system_prompt = HOSTILE.closer;
  transcript.events.push(
    targetMessage('hostile-script', HOSTILE.script),
    targetMessage('hostile-img', HOSTILE.img),
    targetMessage('hostile-long', HOSTILE.longLine),
  );
  await writeFile(transcriptPath, JSON.stringify(transcript));
  const judgmentPath = join(dir, 'judgment.json');
  const judgment = JSON.parse(await readFile(judgmentPath, 'utf8'));
  judgment.judgments[0].summary = HOSTILE.img;
  judgment.judgments[0].variation_description = HOSTILE.closer;
  judgment.judgments[0].highlights.push({ index: 9, description: HOSTILE.script, quoted_text: HOSTILE.img });
  await writeFile(judgmentPath, JSON.stringify(judgment));
  return dir;
}
