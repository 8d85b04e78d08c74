// The decision for the action: this run's behaviors against the baseline (a file in the repository, or the last
// one the base branch's runs uploaded), the trend from the history, and — on the default branch — the new
// baseline and history this run writes.

import { dirname, join } from 'node:path';
import {
  buildBaseline,
  historyEntries,
  readBaseline,
  readHistory,
  writeBaselineAndHistory,
} from '../gate/baseline-file.ts';
import { compareWithBaseline } from '../gate/compare.ts';
import { decide } from '../gate/decide.ts';
import { readBehaviorRun } from '../gate/results.ts';
import type { Baseline, BehaviorResult, CandidateBehavior, GateResult, HistoryEntry } from '../gate/types.ts';
import { pathExists } from '../util/fs.ts';
import {
  baselineArtifactName,
  describeBaselineSource,
  fetchBaselineArtifact,
  workflowFileFromRef,
} from './baseline-artifact.ts';
import { pick } from './event.ts';
import type { ActionInputs } from './inputs.ts';
import type { ActionDeps } from './run.ts';
import type { SuiteRun } from './suites.ts';

export interface GateStep {
  /** Against a baseline; null when there is none yet. */
  result: GateResult | null;
  /** Without a baseline: each behavior's rate and the max-rate cap, as `decide` gives them. */
  results: BehaviorResult[];
  history: HistoryEntry[];
  /** Where the baseline came from, for the report; null when none. */
  baselineSource: string | null;
  /** Why the baseline could not be fetched (not "none yet": the lookup failed); the gate then fails closed. */
  baselineFailure: string | null;
  /** Files written for the new baseline (uploaded with the artifact); empty when none was written. */
  written: string[];
  /** One-line notices for the log. */
  notes: string[];
}

export const BASELINE_FILE = 'baseline.json';
export const HISTORY_FILE = 'history.jsonl';

export async function decideGate(
  deps: ActionDeps,
  inputs: ActionInputs,
  suites: SuiteRun[],
  ctx: { resultsDir: string; reportDir: string; payload: unknown },
): Promise<GateStep> {
  const notes: string[] = [];
  const candidates: CandidateBehavior[] = [];
  for (const s of suites) {
    if (s.error || !s.behaviorDir) continue;
    candidates.push(await readBehaviorRun(s.behaviorDir));
  }
  const lookup = await findBaseline(deps, inputs, ctx, notes);
  const found = lookup && 'failure' in lookup ? null : lookup;
  const baselineFailure = lookup && 'failure' in lookup ? lookup.failure : null;
  if (found) notes.push(`Compared with ${found.source}.`);
  const options = { maxIncrease: inputs.maxIncrease, maxRate: inputs.maxRate, alpha: inputs.alpha };
  const result = found
    ? compareWithBaseline({
        candidates,
        baseline: found.baseline,
        options,
        baselineFile: found.file,
        resultsDir: ctx.resultsDir,
      })
    : null;
  const results = result ? result.behaviors : decide({ candidates, baseline: {}, options });
  const history = found?.historyFile
    ? await readHistoryIfExists(found.historyFile)
    : { text: '', entries: [] };

  // This run as a baseline: written on the default branch, and always this run's point on the trend.
  const baseline = buildBaseline(candidates, {
    commit: deps.env.GITHUB_SHA ?? null,
    createdAt: new Date().toISOString(),
  });
  const written: string[] = [];
  const allRan = suites.every((s) => !s.error);
  if (inputs.updateBaseline && baselineFailure) {
    notes.push('No new baseline: the last one could not be fetched, and its history must not be lost.');
  } else if (inputs.updateBaseline && candidates.length > 0 && allRan) {
    const dir = join(ctx.resultsDir, 'baseline');
    const out = join(dir, BASELINE_FILE);
    const historyOut = join(dir, HISTORY_FILE);
    await writeBaselineAndHistory(baseline, { out, history: historyOut, historyText: history.text });
    written.push(out, historyOut);
    // A baseline kept in the repository is rewritten in place, for a later step to commit.
    if (inputs.baseline.kind === 'path') {
      const repoHistory = join(dirname(inputs.baseline.path), HISTORY_FILE);
      await writeBaselineAndHistory(baseline, {
        out: inputs.baseline.path,
        history: repoHistory,
        historyText: history.text,
      });
    }
    notes.push(`Wrote a new baseline for ${candidates.map((c) => c.behavior).join(', ')}.`);
  } else if (inputs.updateBaseline && !allRan) {
    notes.push('No new baseline: a suite failed, and a baseline must come from a complete run.');
  }
  return {
    result,
    results,
    history: [...history.entries, ...historyEntries(baseline)],
    baselineSource: found?.source ?? null,
    baselineFailure,
    written,
    notes,
  };
}

interface FoundBaseline {
  baseline: Baseline;
  file: string;
  historyFile: string | null;
  source: string;
}

/** The baseline; null when there is none yet; `failure` when whether there is one could not be found out. */
async function findBaseline(
  deps: ActionDeps,
  inputs: ActionInputs,
  ctx: { resultsDir: string; payload: unknown },
  notes: string[],
): Promise<FoundBaseline | { failure: string } | null> {
  const spec = inputs.baseline;
  if (spec.kind === 'none') return null;
  if (spec.kind === 'path') {
    if (!(await pathExists(spec.path))) {
      notes.push(`No baseline at ${spec.path} yet: this run is reported without a comparison.`);
      return null;
    }
    const historyFile = join(dirname(spec.path), HISTORY_FILE);
    return {
      baseline: await readBaseline(spec.path),
      file: spec.path,
      historyFile: (await pathExists(historyFile)) ? historyFile : null,
      source: spec.path,
    };
  }
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
  const historyFile = join(dirname(fetched.file), HISTORY_FILE);
  return {
    baseline: await readBaseline(fetched.file),
    file: fetched.file,
    historyFile: (await pathExists(historyFile)) ? historyFile : null,
    source: describeBaselineSource(fetched),
  };
}

async function readHistoryIfExists(file: string): Promise<{ text: string; entries: HistoryEntry[] }> {
  return (await pathExists(file)) ? readHistory(file) : { text: '', entries: [] };
}
