// The decision for the action. The baseline (a file in the repository, or the last one the base branch's runs
// uploaded) and its anchor are found BEFORE the suites run, so each run can re-judge the baseline's stored sample
// (judge drift) and undecided behaviors can get more rollouts; after the runs come the decision, the trend and,
// on the default branch, the new baseline, its judge sample and the anchor this run writes.

import { dirname, join } from 'node:path';
import type { Baseline } from '../formats/baseline.ts';
import type { HistoryEntry } from '../formats/history.ts';
import { decideAdaptively, rerunLine, type StoppedBy } from '../gate/adaptive.ts';
import {
  buildBaseline,
  historyEntries,
  readBaseline,
  readHistory,
  writeBaselineAndHistory,
} from '../gate/baseline-file.ts';
import { compareWithBaseline } from '../gate/compare.ts';
import { readSampleTranscript, writeJudgeSample } from '../gate/judge-sample.ts';
import { type BehaviorRun, readBehaviorRun } from '../gate/results.ts';
import type { BehaviorResult, GateOptions, GateResult } from '../gate/types.ts';
import { pathExists, writeFileAtomic, writeJsonAtomic } from '../util/fs.ts';
import { pick } from '../util/pick.ts';
import {
  baselineArtifactName,
  describeBaselineSource,
  fetchBaselineArtifact,
  workflowFileFromRef,
} from './baseline-artifact.ts';
import type { ActionInputs } from './inputs.ts';
import type { SuiteRun, SuiteRunner } from './suites.ts';
import type { ActionDeps } from './types.ts';

export interface GateStep {
  /** Against a baseline; null when there is none yet. */
  result: GateResult | null;
  /** Each behavior's decision (without a baseline: the rate and the max-rate cap only). */
  results: BehaviorResult[];
  history: HistoryEntry[];
  /** Where the baseline came from, for the report; null when none. */
  baselineSource: string | null;
  /** Files written for the new baseline (uploaded with the artifact); empty when none was written. */
  written: string[];
  /** One-line notices for the log. */
  notes: string[];
  /** Why adaptive rollouts stopped adding looks; null when none were taken. */
  stoppedBy: StoppedBy | null;
  /** Why the baseline could not be fetched (not "none yet": the lookup failed); the gate then fails closed. */
  baselineFailure: string | null;
  /** Judge or evaluator ids that are moving aliases (with or without a baseline). */
  warnings: string[];
}

export const BASELINE_FILE = 'baseline.json';
export const HISTORY_FILE = 'history.jsonl';
export const ANCHOR_FILE = 'anchor.json';

export interface FoundBaseline {
  baseline: Baseline;
  file: string;
  historyFile: string | null;
  /** The anchor kept beside the baseline, or the one the `anchor` input names; null when none. */
  anchor: Baseline | null;
  anchorFile: string | null;
  source: string;
}

export function gateOptionsOf(inputs: ActionInputs): GateOptions {
  return {
    maxIncrease: inputs.maxIncrease,
    maxRate: inputs.maxRate,
    alpha: inputs.alpha,
    detect: inputs.detect,
    driftTolerance: inputs.driftTolerance,
  };
}

async function compareRuns(
  inputs: ActionInputs,
  runs: BehaviorRun[],
  found: FoundBaseline | null,
  resultsDir: string,
) {
  return compareWithBaseline({
    candidates: runs,
    baseline: found?.baseline ?? null,
    anchor: found?.anchor ?? null,
    options: gateOptionsOf(inputs),
    failOn: inputs.failOn.statuses,
    baselineFile: found?.file ?? null,
    anchorFile: found?.anchorFile ?? null,
    resultsDir,
  });
}

async function candidatesOf(suites: SuiteRun[]): Promise<BehaviorRun[]> {
  const runs: BehaviorRun[] = [];
  for (const s of suites) if (!s.error && s.behaviorDir) runs.push(await readBehaviorRun(s.behaviorDir));
  return runs;
}

/** Adds repetitions to undecided behaviors until decided, capped by max-rollouts and max-cost. Pull requests only:
 * a run that records the baseline is already large. */
export async function addRollouts(
  inputs: ActionInputs,
  suites: SuiteRun[],
  runner: SuiteRunner,
  found: FoundBaseline | null,
  resultsDir: string,
  log: (line: string) => void,
): Promise<StoppedBy | null> {
  if (!found || inputs.maxRollouts === 0 || inputs.updateBaseline) return null;
  const ran = suites.flatMap((s) =>
    !s.error && s.behaviorDir && s.behavior && s.result ? [{ s, first: s.result }] : [],
  );
  if (ran.length === 0) return null;
  const outcome = await decideAdaptively({
    behaviors: ran.map(({ s, first }) => ({
      behavior: s.behavior as string,
      behaviorDir: s.behaviorDir as string,
      seal: first.sealRunFile,
      rerun: async (repetitions, why) => {
        log(rerunLine(s.behavior as string, repetitions, why));
        const again = await runner.run(s.suite, repetitions);
        // The suite's record follows its latest run, so a failure here is reported like any other.
        Object.assign(s, again);
        return !again.error;
      },
    })),
    compare: async () => compareRuns(inputs, await candidatesOf(suites), found, resultsDir),
    maxRollouts: inputs.maxRollouts,
    canSpend: () => inputs.maxCost === null || runner.spentUsd() < inputs.maxCost,
    note: log,
  });
  return outcome.looks > 1 || outcome.stoppedBy !== 'decided' ? outcome.stoppedBy : null;
}

export async function decideGate(
  deps: ActionDeps,
  inputs: ActionInputs,
  suites: SuiteRun[],
  ctx: {
    resultsDir: string;
    lookup: BaselineLookup;
    notes: string[];
    stoppedBy: StoppedBy | null;
  },
): Promise<GateStep> {
  const { notes, lookup } = ctx;
  const found = foundOf(lookup);
  const baselineFailure = lookup && 'failure' in lookup ? lookup.failure : null;
  const runs = await candidatesOf(suites);
  if (found) notes.push(`Compared with ${found.source}.`);
  const compared = await compareRuns(inputs, runs, found, ctx.resultsDir);
  if (ctx.stoppedBy === 'budget')
    notes.push('Stopped adding rollouts: max-cost was reached before every behavior was decided.');
  const history = found?.historyFile
    ? await readHistoryIfExists(found.historyFile)
    : { text: '', entries: [] };

  // This run as a baseline: written on the default branch, and always this run's point on the trend.
  const stamp = { commit: deps.env.GITHUB_SHA ?? null, createdAt: new Date().toISOString() };
  let baseline = buildBaseline(runs, stamp);
  const written: string[] = [];
  const allRan = suites.every((s) => !s.error);
  if (inputs.updateBaseline && baselineFailure) {
    notes.push('No new baseline: the last one could not be fetched, and its history must not be lost.');
  } else if (inputs.updateBaseline && runs.length > 0 && allRan) {
    const uploaded = join(ctx.resultsDir, 'baseline', BASELINE_FILE);
    const targets = [uploaded];
    // A baseline kept in the repository is rewritten in place, for a later step to commit.
    if (inputs.baseline.kind === 'path') targets.push(inputs.baseline.path);
    for (const out of targets) {
      const anchorOut = join(dirname(out), ANCHOR_FILE);
      // A kept anchor's sample is copied out first: the new judge sample may overwrite files of the same name.
      const keptAnchor = await keepAnchor(anchorOut, runs, inputs, found);
      const samples = await writeJudgeSample(out, runs);
      baseline = buildBaseline(runs, stamp, samples);
      const historyOut = join(dirname(out), HISTORY_FILE);
      await writeBaselineAndHistory(baseline, { out, history: historyOut, historyText: history.text });
      // Otherwise the anchor is this baseline, its judge sample the baseline's own files.
      if (!keptAnchor) await writeJsonAtomic(anchorOut, baseline);
      const anchorSample = keptAnchor ?? [];
      if (out !== uploaded) continue;
      const sampleFiles = [...samples.values()].flat().map((e) => join(dirname(out), e.file));
      written.push(out, historyOut, anchorOut, ...sampleFiles, ...anchorSample);
    }
    notes.push(`Wrote a new baseline for ${runs.map((c) => c.behavior).join(', ')}.`);
  } else if (inputs.updateBaseline && !allRan) {
    notes.push('No new baseline: a suite failed, and a baseline must come from a complete run.');
  }
  return {
    result: found ? compared : null,
    results: compared.behaviors,
    history: [...history.entries, ...historyEntries(baseline)],
    baselineSource: found?.source ?? null,
    written,
    notes,
    stoppedBy: ctx.stoppedBy,
    baselineFailure,
    warnings: compared.warnings,
  };
}

/** The anchor stays while it is comparable with the new baseline (same scenarios and settings for every behavior);
 * it moves to the new baseline when asked (update-anchor), when there was none, or when the suite changed. */
/** Keeps the anchor, with a copy of its judge sample, while it is comparable with the new baseline (same scenarios
 * and settings for every behavior) and not replaced (update-anchor); returns the files copied, or null when the
 * anchor moves to the new baseline instead. */
async function keepAnchor(
  out: string,
  runs: readonly BehaviorRun[],
  inputs: ActionInputs,
  found: FoundBaseline | null,
): Promise<string[] | null> {
  const previous = inputs.anchor.kind === 'none' ? null : (found?.anchor ?? null);
  const comparable =
    previous !== null &&
    runs.every((run) => {
      const a = Object.hasOwn(previous.behaviors, run.behavior)
        ? previous.behaviors[run.behavior]
        : undefined;
      return a !== undefined && a.suite_hash === run.suite_hash && a.config_hash === run.config_hash;
    });
  if (inputs.updateAnchor || !comparable || !previous || !found?.anchorFile) return null;
  const copied: string[] = [];
  const behaviors: Baseline['behaviors'] = {};
  for (const [name, entry] of Object.entries(previous.behaviors)) {
    const sample = [];
    for (const [index, item] of (entry.judge_sample ?? []).entries()) {
      const text = await readSampleTranscript(
        found.anchorFile,
        item,
        `behaviors.${name}.judge_sample[${index}]`,
      );
      const file = `${ANCHOR_SAMPLE_DIR}/${item.file.split('/').slice(1).join('/')}`;
      await writeFileAtomic(join(dirname(out), file), text);
      copied.push(join(dirname(out), file));
      sample.push({ ...item, file });
    }
    behaviors[name] = sample.length > 0 ? { ...entry, judge_sample: sample } : entry;
  }
  await writeJsonAtomic(out, { ...previous, behaviors });
  return copied;
}

/** Where a kept anchor's judge sample is copied, apart from the new baseline's own. */
const ANCHOR_SAMPLE_DIR = 'anchor-sample';

/** What looking for the baseline found: it, none yet (null; a note says why), or a lookup that failed. */
export type BaselineLookup = FoundBaseline | { failure: string } | null;

export function foundOf(lookup: BaselineLookup): FoundBaseline | null {
  return lookup && 'failure' in lookup ? null : lookup;
}

/** The baseline and its anchor, before anything runs. A lookup that failed (not "none yet") fails closed. */
export async function findBaseline(
  deps: ActionDeps,
  inputs: ActionInputs,
  ctx: { resultsDir: string; payload: unknown },
  notes: string[],
): Promise<BaselineLookup> {
  const spec = inputs.baseline;
  if (spec.kind === 'none') return null;
  let file: string;
  let source: string;
  if (spec.kind === 'path') {
    if (!(await pathExists(spec.path))) {
      notes.push(`No baseline at ${spec.path} yet: this run is reported without a comparison.`);
      return null;
    }
    file = spec.path;
    source = spec.path;
  } else {
    if (!inputs.githubToken) return { failure: '`baseline: artifact` needs a github-token' };
    const [owner = '', repo = ''] = (deps.env.GITHUB_REPOSITORY ?? '/').split('/');
    const baseBranch =
      String(pick(ctx.payload, 'pull_request', 'base', 'ref') ?? '') ||
      String(pick(ctx.payload, 'repository', 'default_branch') ?? '') ||
      'main';
    const fetched = await fetchBaselineArtifact(
      {
        octokit: deps.getOctokit(inputs.githubToken),
        artifactClient: deps.artifactClient,
        token: inputs.githubToken,
      },
      {
        owner,
        repo,
        baseBranch,
        workflowFile: workflowFileFromRef(deps.env.GITHUB_WORKFLOW_REF) ?? undefined,
        artifactName: baselineArtifactName(inputs.artifactName),
        downloadDir: join(ctx.resultsDir, '.baseline-download'),
      },
    );
    if (!fetched.found) {
      if (fetched.failed) return { failure: `the baseline artifact could not be fetched: ${fetched.reason}` };
      notes.push(`No baseline: ${fetched.reason}`);
      return null;
    }
    file = fetched.file;
    source = describeBaselineSource(fetched);
  }
  const historyFile = join(dirname(file), HISTORY_FILE);
  const anchorFile =
    inputs.anchor.kind === 'path'
      ? inputs.anchor.path
      : inputs.anchor.kind === 'kept' && (await pathExists(join(dirname(file), ANCHOR_FILE)))
        ? join(dirname(file), ANCHOR_FILE)
        : null;
  return {
    baseline: await readBaseline(file),
    file,
    historyFile: (await pathExists(historyFile)) ? historyFile : null,
    anchor: anchorFile ? await readBaseline(anchorFile) : null,
    anchorFile,
    source,
  };
}

async function readHistoryIfExists(file: string): Promise<{ text: string; entries: HistoryEntry[] }> {
  return (await pathExists(file)) ? readHistory(file) : { text: '', entries: [] };
}
