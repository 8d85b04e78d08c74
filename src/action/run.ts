// The action, start to finish: inputs -> run every suite -> decide against the baseline -> report (job summary,
// sticky comment, artifact, annotations, outputs) -> exit status. Every client comes in through `deps`, so tests
// pass fakes or point the real ones at local servers; index.ts wires the real @actions packages.

import { join, relative } from 'node:path';
import type { Shard } from '../formats/stamps.ts';
import { judgeChecks } from '../gate/rejudge.ts';
import type { BehaviorResult, GateResult } from '../gate/types.ts';
import { renderReport, renderReportJson, verdictOf } from '../report/markdown/index.ts';
import type { ReportInput, VerdictStatus } from '../report/markdown/types.ts';
import { shardName } from '../suite/shard.ts';
import { userFacingLine } from '../util/errors.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/fs.ts';
import type { Redactor } from '../util/redact.ts';
import { readEventPayload } from './event.ts';
import { addRollouts, decideGate, findBaseline, foundOf, type GateStep } from './gate-step.ts';
import { type ActionInputs, readInputs } from './inputs.ts';
import { maskedRedactor, redactingCore } from './mask.ts';
import { publish } from './publish.ts';
import { buildReportInput } from './report-input.ts';
import { createResultsFolder } from './results-folder.ts';
import { downloadShards, uploadShard } from './shards.ts';
import { createSuiteRunner, runSuites, type SuiteRun } from './suites.ts';
import type { ActionCore, ActionDeps } from './types.ts';

export interface ActionOutcome {
  /** The report's verdict: the worst behavior status (the gate's names) or `error`. */
  status: VerdictStatus;
  failed: boolean;
  reportPath: string | null;
}

/** The one top-level catch: nothing escapes as an unhandled rejection, and a failure is never green. */
export async function run(given: ActionDeps): Promise<ActionOutcome> {
  // Masked before anything is logged; from here on every message, output, summary and comment is redacted.
  const redactor = maskedRedactor(given.core, given.env);
  const deps = { ...given, core: redactingCore(given.core, redactor) };
  const { core } = deps;
  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name), deps.env);
  } catch (error) {
    return fail(core, userFacingLine(error, deps.env.GITHUB_WORKSPACE ?? '.'), null);
  }
  if (inputs.githubToken) redactor.add([inputs.githubToken]);
  try {
    return await runWithInputs(deps, inputs, redactor);
  } catch (error) {
    return fail(core, userFacingLine(error, inputs.workingDirectory), null);
  }
}

async function runWithInputs(
  deps: ActionDeps,
  inputs: ActionInputs,
  redactor: Redactor,
): Promise<ActionOutcome> {
  const { core, env } = deps;
  const payload = readEventPayload(env);
  const resultsDir = await createResultsFolder(env);
  core.setOutput('results-path', resultsDir);
  if (inputs.shard) return runShard(deps, inputs, { resultsDir, redactor, shard: inputs.shard });
  // The merge job's suites join the shards (checked alike: a missing or failed one fails the job, naming it).
  const mergeFrom =
    inputs.mode === 'merge' ? await downloadShards(deps, inputs, join(resultsDir, SHARDS_FOLDER)) : undefined;
  const reportDir = join(resultsDir, 'report');

  const notes: string[] = [];
  if (inputs.callCache && !env.BLOOM_RESULTS_KEY) {
    core.notice(
      'call-cache: BLOOM_RESULTS_KEY is not set, so entries stored by another job cannot be verified and are ' +
        'refused (set it from a repository secret to serve them)',
    );
  }
  // The baseline first: each run re-judges its stored sample, and undecided behaviors get more rollouts.
  const lookup = await findBaseline(deps, inputs, { resultsDir, payload }, notes);
  const found = foundOf(lookup);
  const log = (line: string) => core.info(line);
  const runner = createSuiteRunner(inputs, {
    resultsDir,
    env,
    log,
    redactor,
    afterJudgment: found
      ? judgeChecks(
          { file: found.file, baseline: found.baseline },
          found.anchor && found.anchorFile ? { file: found.anchorFile, baseline: found.anchor } : null,
        )
      : undefined,
    minRollouts: minRolloutsOf(inputs),
    mergeFrom,
  });
  const suites: SuiteRun[] = await runSuites(inputs, runner);
  const stoppedBy = await addRollouts(inputs, suites, runner, found, resultsDir, log);
  const gate: GateStep = await decideGate(deps, inputs, suites, { resultsDir, lookup, notes, stoppedBy });
  for (const note of gate.notes) core.notice(note);

  const input: ReportInput = await buildReportInput({ inputs, suites, gate, env, resultsDir });
  // The files in the artifact carry the report too (without the artifact's own link, which comes after upload).
  const report = renderReport(input, { maxChars: 1_000_000 }).markdown;
  await writeFileAtomic(join(reportDir, 'report.md'), redactor.redact(report));
  await writeJsonAtomic(join(reportDir, 'report.json'), redactor.redactDeep(renderReportJson(input)));

  const published = await publish(deps, inputs, {
    input,
    resultsDir,
    reportDir,
    payload,
    suites,
    gate,
    redactor,
  });
  const verdict = verdictOf(published.input);
  setOutputs(core, verdict.status, published.input, gate.result, suites, {
    reportPath: join(reportDir, 'report.md'),
    artifactUrl: published.artifactUrl,
  });
  annotate(core, gate.results, verdict.errored, gate.warnings);

  // A run that scored nothing at all fails whatever fail-on says: a broken gate is never green.
  const nothingScored = Boolean(published.input.failure);
  const failing = gate.results.filter((b) => inputs.failOn.statuses.includes(b.status));
  const errored = verdict.status === 'error' || verdict.errored.length > 0;
  // A merge that could not join every shard is never green, whatever fail-on says.
  const partial = inputs.mode === 'merge' && suites.some((s) => s.error);
  const failed = nothingScored || partial || failing.length > 0 || (inputs.failOn.error && errored);
  if (failed) core.setFailed(verdict.line);
  return { status: verdict.status, failed, reportPath: join(reportDir, 'report.md') };
}

/** Rollouts per behavior at least: a run that records the baseline makes it large. */
function minRolloutsOf(inputs: ActionInputs): number | undefined {
  return inputs.updateBaseline && inputs.baselineRollouts > 0 ? inputs.baselineRollouts : undefined;
}

/** Where the merge job downloads the shards: hidden, so the results artifact leaves them out. */
const SHARDS_FOLDER = '.shards';

/** A shard job: its slice of every suite, uploaded for the merge job; nothing posted, nothing decided. */
async function runShard(
  deps: ActionDeps,
  inputs: ActionInputs,
  ctx: { resultsDir: string; redactor: Redactor; shard: Shard },
): Promise<ActionOutcome> {
  const { core } = deps;
  const log = (line: string) => core.info(line);
  const runner = createSuiteRunner(inputs, {
    resultsDir: ctx.resultsDir,
    env: deps.env,
    log,
    redactor: ctx.redactor,
  });
  const suites = await runSuites(inputs, runner);
  // Uploaded whatever happened: a failed shard's files are its evidence, and the merge refuses them by name.
  const name = await uploadShard(deps, inputs, ctx.shard, ctx.resultsDir);
  const errors = suites.flatMap((s) =>
    s.error ? [`${relative(inputs.workingDirectory, s.suite) || '.'}: ${s.error}`] : [],
  );
  const line = `Bloom shard ${shardName(ctx.shard)}: ${suites.length - errors.length} of ${suites.length} suites ran, uploaded as artifact ${name}; the merge job decides`;
  core.info(line);
  await core.appendSummary(`${line}.\n`);
  core.setOutput('status', errors.length > 0 ? 'error' : 'shard');
  if (errors.length > 0) return fail(core, errors[0] as string, null);
  return { status: 'pass', failed: false, reportPath: null };
}

function setOutputs(
  core: ActionCore,
  status: string,
  input: ReportInput,
  gate: GateResult | null,
  suites: SuiteRun[],
  paths: { reportPath: string; artifactUrl: string | null },
): void {
  const behaviors = gate?.behaviors ?? input.results ?? [];
  const rates: Record<string, number | null> = Object.fromEntries(
    behaviors.map((b) => [b.behavior, b.candidate.rate]),
  );
  for (const s of suites) if (s.error && s.behavior && !(s.behavior in rates)) rates[s.behavior] = null;
  core.setOutput('status', status);
  core.setOutput(
    'regressed',
    behaviors
      .filter((b) => b.status === 'regressed')
      .map((b) => b.behavior)
      .join(','),
  );
  core.setOutput('rates', JSON.stringify(rates));
  core.setOutput('report-path', paths.reportPath);
  core.setOutput('artifact-url', paths.artifactUrl ?? '');
  core.setOutput('cost', input.usage?.cost_usd == null ? '' : input.usage.cost_usd.toFixed(4));
}

/** One annotation per behavior that is not a plain pass (none is a silent green), titled with its status, and one per
 * moving alias. No baseline yet is a first run's normal state: a notice; a baseline that cannot be compared is a
 * warning. */
function annotate(
  core: ActionCore,
  behaviors: BehaviorResult[],
  errored: string[],
  warnings: string[],
): void {
  for (const b of behaviors) {
    const line = `${b.behavior} ${b.status}: ${b.reason}`;
    const title = { title: `Bloom gate: ${b.status}` };
    if (b.status === 'regressed' || b.status === 'judge-drift') core.error(line, title);
    else if (b.status === 'inconclusive' || (b.status === 'not-comparable' && b.baseline))
      core.warning(line, title);
    else if (b.status === 'not-comparable' || b.status === 'improved') core.notice(line, title);
  }
  for (const name of errored) core.error(`${name}: no trustworthy result`, { title: 'Bloom gate: error' });
  for (const warning of warnings) core.warning(warning, { title: 'Bloom gate: moving model alias' });
}

function fail(core: ActionCore, message: string, reportPath: string | null): ActionOutcome {
  core.setOutput('status', 'error');
  core.setFailed(message);
  return { status: 'error', failed: true, reportPath };
}
