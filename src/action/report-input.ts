// Gathers what the report shows from the files this run wrote: judgment.json and run_info.json per behavior,
// plus the gate's decision, the trend and the run's links.

import { basename, join, relative } from 'node:path';
import type { JudgmentFile } from '../pipeline/types.ts';
import type { ReportInput } from '../report/markdown/types.ts';
import {
  type BehaviorFiles,
  behaviorDetails,
  type RunInfo,
  reportIdentity,
  reportUsage,
} from '../report/report-input.ts';
import { readJsonIfExists } from '../util/fs.ts';
import type { GateStep } from './gate-step.ts';
import type { ActionInputs } from './inputs.ts';
import type { SuiteRun } from './suites.ts';

export async function buildReportInput(ctx: {
  inputs: ActionInputs;
  suites: SuiteRun[];
  gate: GateStep;
  env: NodeJS.ProcessEnv;
  resultsDir: string;
}): Promise<ReportInput> {
  const files: BehaviorFiles[] = [];
  for (const s of ctx.suites) {
    const name = s.behavior ?? basename(s.suite);
    if (!s.behaviorDir) {
      files.push({ behavior: name, folder: name, error: s.error ?? 'did not run' });
      continue;
    }
    files.push({
      behavior: name,
      folder: relative(ctx.resultsDir, s.behaviorDir),
      judgment: await readJsonIfExists<JudgmentFile>(join(s.behaviorDir, 'judgment.json')),
      runInfo: await readJsonIfExists<RunInfo>(join(s.behaviorDir, 'run_info.json')),
      error: s.error ?? undefined,
    });
  }
  const infos = files.flatMap((f) => (f.runInfo ? [f.runInfo] : []));
  const failed = ctx.suites.filter((s) => s.error);
  return {
    gate: ctx.gate.result,
    results: ctx.gate.result ? undefined : ctx.gate.results,
    details: behaviorDetails(files),
    history: ctx.gate.history,
    usage: reportUsage(infos),
    identity: reportIdentity(
      infos[0],
      ctx.inputs.suites.map((s) => basename(s)).join(', '),
      ctx.env.GITHUB_SHA ?? null,
    ),
    links: { run_url: runUrl(ctx.env), summary_url: runUrl(ctx.env), artifact_url: null, artifact_files: [] },
    failure:
      failed.length === ctx.suites.length && failed.length > 0
        ? `every suite failed; first: ${failed[0]?.error ?? ''}`
        : null,
    baselineFailure: ctx.gate.baselineFailure,
  };
}

export function runUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}
