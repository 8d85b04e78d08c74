// What the report shows, from the files this run wrote (read and assembled in src/report, as `bloom report
// --comment` does), plus what only the action knows: which suites failed, why adaptive rollouts stopped, the
// run's links.

import { basename } from 'node:path';
import type { ReportInput } from '../report/markdown/types.ts';
import { readReportFiles } from '../report/read-report-files.ts';
import { assembleReportInput, type BehaviorFiles } from '../report/report-input.ts';
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
    if (!s.behaviorDir) files.push({ behavior: name, folder: name, error: s.error ?? 'did not run' });
    else files.push(await readReportFiles(ctx.resultsDir, s.behaviorDir, name, s.error));
  }
  const failed = ctx.suites.filter((s) => s.error);
  return assembleReportInput({
    files,
    gate: ctx.gate.result,
    results: ctx.gate.results,
    history: ctx.gate.history,
    commit: ctx.env.GITHUB_SHA ?? null,
    links: { run_url: runUrl(ctx.env), summary_url: runUrl(ctx.env), artifact_url: null, artifact_files: [] },
    failure:
      failed.length === ctx.suites.length && failed.length > 0
        ? `every suite failed; first: ${failed[0]?.error ?? ''}`
        : null,
    stoppedBy: ctx.gate.stoppedBy,
    warnings: ctx.gate.warnings,
    baselineFailure: ctx.gate.baselineFailure,
    front: 'action',
  });
}

export function runUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : null;
}
