// Everything the action shows people: the viewer and Inspect log in the artifact, the artifact itself, the job
// summary and the sticky pull request comment. Each step is best effort: a failure is a warning, the others go on.

import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { writeInspectLog } from '../report/inspect/index.ts';
import { renderReport, SUMMARY_MAX_BYTES, verdictOf } from '../report/markdown/index.ts';
import type { ArtifactFile, ReportInput } from '../report/markdown/types.ts';
import { writeViewer } from '../report/viewer/write.ts';
import { firstLine } from '../util/errors.ts';
import type { Redactor } from '../util/redact.ts';
import { artifactName, collectArtifactFiles, uploadResults } from './artifact.ts';
import { baselineArtifactName } from './baseline-artifact.ts';
import { commentBodyBudget, commentMarker, upsertComment } from './comment.ts';
import { commentContext } from './comment-context.ts';
import type { GateStep } from './gate-step.ts';
import type { ActionInputs } from './inputs.ts';
import { type SuiteRun, suiteLabel } from './suites.ts';
import type { ActionDeps } from './types.ts';

export interface Published {
  /** The report input with its links filled in. */
  input: ReportInput;
  artifactUrl: string | null;
}

export async function publish(
  deps: ActionDeps,
  inputs: ActionInputs,
  ctx: {
    input: ReportInput;
    resultsDir: string;
    reportDir: string;
    payload: unknown;
    suites: SuiteRun[];
    gate: GateStep;
    /** The comment is the one text that leaves through neither core nor a file: redacted here. */
    redactor: Redactor;
  },
): Promise<Published> {
  const { core, env } = deps;
  const behaviorDirs = ctx.suites.flatMap((s) => (s.behaviorDir ? [s.behaviorDir] : []));
  const extraFiles: ArtifactFile[] = [];
  let viewerPath: string | null = null;
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      core.warning(`${what} failed: ${firstLine(error)}`);
    }
  };

  if (behaviorDirs.length > 0) {
    await attempt('Writing the transcript viewer', async () => {
      // The page opens with the decisions, each scenario against the baseline, and the trend.
      const path = await writeViewer({
        resultsDir: ctx.resultsDir,
        behaviorDirs,
        out: join(ctx.reportDir, 'viewer.html'),
        ...(ctx.gate.result?.baseline?.file ? { baselineFile: ctx.gate.result.baseline.file } : {}),
        history: ctx.gate.history,
        gate: ctx.gate.result,
        results: ctx.gate.results,
        stoppedBy: ctx.gate.stoppedBy,
        front: 'action',
      });
      viewerPath = path;
      extraFiles.push({
        label: 'Transcript viewer (open viewer.html)',
        path: relative(ctx.resultsDir, path),
      });
    });
    for (const dir of behaviorDirs) {
      await attempt('Writing the Inspect log', async () => {
        const path = await writeInspectLog(dir, join(ctx.reportDir, 'inspect'));
        extraFiles.push({ label: 'Inspect log (inspect view)', path: relative(ctx.resultsDir, path) });
      });
    }
  }

  const name = artifactName(inputs.artifactName, null);
  const upload = await uploadResults(
    deps.artifactClient,
    {
      name,
      files: collectArtifactFiles(ctx.resultsDir),
      rootDir: ctx.resultsDir,
      retentionDays: inputs.retentionDays,
    },
    env,
  );
  if (upload.uploaded) core.info(`Uploaded the results as artifact ${upload.name}.`);
  else core.notice(`Results kept at ${upload.path} (${upload.reason}).`);
  if (ctx.gate.written.length > 0) {
    // A separate artifact, so the next pull request's `baseline: artifact` finds it by name.
    const baselineUpload = await uploadResults(
      deps.artifactClient,
      {
        name: baselineArtifactName(inputs.artifactName),
        files: ctx.gate.written,
        rootDir: join(ctx.resultsDir, 'baseline'),
        retentionDays: inputs.retentionDays,
      },
      env,
    );
    if (!baselineUpload.uploaded) core.notice(`New baseline kept at ${baselineUpload.path}.`);
  }

  const viewerUrl =
    upload.uploaded && viewerPath ? await uploadViewer(deps, inputs, viewerPath, ctx.resultsDir) : null;

  const artifactUrl = upload.uploaded ? upload.url : null;
  const input: ReportInput = {
    ...ctx.input,
    links: {
      ...ctx.input.links,
      artifact_url: artifactUrl,
      artifact_files: extraFiles,
      viewer_url: viewerUrl,
    },
  };
  await attempt('Writing the job summary', () =>
    core.appendSummary(renderReport(input, { maxBytes: SUMMARY_MAX_BYTES }).markdown),
  );
  await attempt('Posting the pull request comment', () =>
    postComment(deps, inputs, input, ctx.payload, ctx.redactor),
  );
  return { input, artifactUrl };
}

/**
 * The viewer again as an artifact of its own, unzipped, so its link opens the page in the browser and the report can
 * link a transcript at its anchor. Such an artifact is named after its file: the copy carries the artifact's name (a
 * matrix already makes that unique). The copy sits in a hidden folder, which the results artifact skips.
 */
async function uploadViewer(
  deps: ActionDeps,
  inputs: ActionInputs,
  viewerPath: string,
  resultsDir: string,
): Promise<string | null> {
  const dir = join(resultsDir, '.viewer');
  const file = join(dir, `${artifactName(inputs.artifactName, null)}-viewer.html`);
  try {
    await mkdir(dir, { recursive: true });
    await copyFile(viewerPath, file);
  } catch (error) {
    deps.core.warning(`Copying the viewer for upload failed: ${firstLine(error)}`);
    return null;
  }
  const upload = await uploadResults(
    deps.artifactClient,
    {
      name: basename(file),
      files: [file],
      rootDir: dir,
      retentionDays: inputs.retentionDays,
      skipArchive: true,
    },
    deps.env,
  );
  if (!upload.uploaded) deps.core.notice(`The viewer was not uploaded on its own (${upload.reason}).`);
  return upload.uploaded ? upload.url : null;
}

/**
 * `always`: create or update. `on-change`: update an existing comment, create one only when some behavior is not
 * a clean pass (so quiet pull requests stay quiet, and a comment never goes stale). `off`: nothing.
 */
async function postComment(
  deps: ActionDeps,
  inputs: ActionInputs,
  input: ReportInput,
  payload: unknown,
  redactor: Redactor,
): Promise<void> {
  const { core, env } = deps;
  if (inputs.comment === 'off') return;
  const where = commentContext(env, payload);
  if (where.skipReason || where.pullNumber === null) {
    core.notice(where.skipReason ?? 'No pull request to comment on.');
    return;
  }
  if (!inputs.githubToken) {
    core.notice('No pull request comment: no github-token.');
    return;
  }
  const marker = commentMarker(env.GITHUB_WORKFLOW ?? 'workflow', suiteLabel(inputs.suites));
  const rendered = renderReport(input, { maxChars: commentBodyBudget(marker) });
  const quiet = verdictOf(input).status !== 'error' && everyBehaviorPassed(input);
  const result = await upsertComment(deps.getOctokit(inputs.githubToken), {
    owner: where.owner,
    repo: where.repo,
    issueNumber: where.pullNumber,
    marker,
    body: redactor.redact(rendered.markdown),
    createIfMissing: inputs.comment === 'always' || !quiet,
  });
  if (result.action === 'skipped') core.notice(result.reason);
  else core.info(`Pull request comment ${result.action}: ${result.url}`);
}

function everyBehaviorPassed(input: ReportInput): boolean {
  const behaviors = input.gate?.behaviors ?? input.results ?? [];
  return behaviors.length > 0 && behaviors.every((b) => b.status === 'pass');
}
