// `baseline: artifact`: fetch the baseline that the base branch's last successful run of this workflow
// uploaded, so teams need not commit baselines. Every way of not finding one is a reason the caller reports,
// never a throw. Only a genuine "none yet" (the runs were listed and none holds the artifact) lets the gate run
// as a first run; a failure to look (an API error, a token without `actions: read`, a failed download, an
// artifact without its file) is `failed`, and the gate fails closed with it.

import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Octokit } from './comment.ts';

/** The one method we use of @actions/artifact's DefaultArtifactClient; tests may pass a fake. */
export type ArtifactDownloader = Pick<ArtifactClient, 'downloadArtifact'>;

export interface BaselineArtifactDeps {
  octokit: Octokit;
  artifactClient: ArtifactDownloader;
  /** Needs `actions: read` on the repository (the workflow token has it unless permissions drop it). */
  token: string;
}

export interface BaselineArtifactQuery {
  owner: string;
  repo: string;
  /** The pull request's base branch, e.g. "main". */
  baseBranch: string;
  /** The workflow's file name or id (see workflowFileFromRef); absent: runs of every workflow in the repo. */
  workflowFile?: string;
  /** From baselineArtifactName(). */
  artifactName: string;
  /** The artifact is extracted into a fresh folder under here. */
  downloadDir: string;
  /** Runs to look at per page, and pages at most: the baseline is usually in one of the last few runs. */
  perPage?: number;
  maxPages?: number;
}

export type BaselineArtifactResult =
  | {
      found: true;
      /** Path of baseline.json inside the extracted artifact (not validated yet: readBaseline does that). */
      file: string;
      runId: number;
      /** head_sha of the run that uploaded it. */
      commit: string;
      branch: string;
      /** The run's page on GitHub. */
      url: string;
      artifactId: number;
    }
  /**
   * `reason` is one line, fit for a notice in the log and the report. `failed`: the lookup itself failed, so
   * whether a baseline exists is unknown (never to be read as "none yet").
   */
  | { found: false; failed: boolean; reason: string };

export const BASELINE_FILE_NAME = 'baseline.json';

// Characters @actions/artifact rejects in a name, and whitespace (same rule as artifactName()).
const NAME_FORBIDDEN = /["':<>|*?\r\n\\/\s]+/g;

/** The name the baseline artifact is uploaded under and looked up by: one convention for both steps. */
export function baselineArtifactName(base: string): string {
  const clean = base
    .replace(NAME_FORBIDDEN, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.\s]+|[-.\s]+$/g, '');
  return `${clean || 'bloom'}-baseline`;
}

/**
 * The workflow's file name from GITHUB_WORKFLOW_REF ("octo/repo/.github/workflows/gate.yml@refs/pull/7/merge"),
 * which the list-runs endpoint accepts in place of the id; null when the ref has no workflow file in it.
 */
export function workflowFileFromRef(ref: string | undefined): string | null {
  const match = /\/\.github\/workflows\/([^/@]+)@/.exec(ref ?? '');
  return match?.[1] ?? null;
}

/** The fields of a workflow run (GET .../actions/runs) that the choice depends on. */
export interface WorkflowRunSummary {
  id: number;
  head_branch: string | null;
  head_sha: string;
  event: string;
  conclusion: string | null;
  html_url: string;
  head_repository?: { full_name?: string } | null;
}

export interface ArtifactSummary {
  id: number;
  name: string;
  expired: boolean;
  created_at?: string | null;
}

/**
 * Whether a run may provide the baseline. A pull request from a fork whose branch is also called "main"
 * lists its runs under head_branch "main" too, and its workflow file is the fork's to edit: trusting its
 * artifact would let the fork choose the numbers its own change is compared with. So only successful runs
 * of the base repository itself, not triggered by a pull request.
 */
export function isTrustedBaselineRun(
  run: WorkflowRunSummary,
  query: { owner: string; repo: string; baseBranch: string },
) {
  const ownRepo = `${query.owner}/${query.repo}`.toLowerCase();
  const headRepo = run.head_repository?.full_name?.toLowerCase();
  return (
    run.conclusion === 'success' &&
    run.head_branch === query.baseBranch &&
    !run.event.startsWith('pull_request') &&
    (headRepo === undefined || headRepo === ownRepo)
  );
}

/** The newest unexpired artifact of that name (a re-run of the same run may have uploaded it again). */
export function pickBaselineArtifact(
  artifacts: readonly ArtifactSummary[],
  name: string,
): ArtifactSummary | null {
  const usable = artifacts.filter((a) => a.name === name && !a.expired);
  usable.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? '') || b.id - a.id);
  return usable[0] ?? null;
}

function httpStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Why an API call failed, with the permission that usually fixes it. */
function apiFailure(what: string, error: unknown): string {
  const status = httpStatus(error);
  if (status === null) return `${what} failed: ${firstLine(error)}`;
  const hint = status === 403 || status === 404 ? ' The token needs `actions: read` on this repository.' : '';
  return `${what}: GitHub answered ${status} (${firstLine(error)}).${hint}`;
}

const DEFAULT_PER_PAGE = 20;
const DEFAULT_MAX_PAGES = 3;

export async function fetchBaselineArtifact(
  deps: BaselineArtifactDeps,
  query: BaselineArtifactQuery,
): Promise<BaselineArtifactResult> {
  const { octokit } = deps;
  const { owner, repo, baseBranch, artifactName } = query;
  const perPage = query.perPage ?? DEFAULT_PER_PAGE;
  const maxPages = query.maxPages ?? DEFAULT_MAX_PAGES;
  const where = query.workflowFile ? `workflow ${query.workflowFile}` : 'any workflow';
  let looked = 0;

  for (let page = 1; page <= maxPages; page++) {
    let runs: WorkflowRunSummary[];
    try {
      const filter = { owner, repo, branch: baseBranch, status: 'success' as const, per_page: perPage, page };
      const response = query.workflowFile
        ? await octokit.rest.actions.listWorkflowRuns({ ...filter, workflow_id: query.workflowFile })
        : await octokit.rest.actions.listWorkflowRunsForRepo(filter);
      runs = response.data.workflow_runs as WorkflowRunSummary[];
    } catch (error) {
      return {
        found: false,
        failed: true,
        reason: apiFailure(`Listing the runs of ${where} on ${baseBranch}`, error),
      };
    }

    for (const run of runs) {
      if (!isTrustedBaselineRun(run, query)) continue;
      looked++;
      let artifacts: ArtifactSummary[];
      try {
        const response = await octokit.rest.actions.listWorkflowRunArtifacts({
          owner,
          repo,
          run_id: run.id,
          name: artifactName,
          per_page: 100,
        });
        artifacts = response.data.artifacts as ArtifactSummary[];
      } catch (error) {
        return {
          found: false,
          failed: true,
          reason: apiFailure(`Listing the artifacts of run ${run.id}`, error),
        };
      }
      const artifact = pickBaselineArtifact(artifacts, artifactName);
      if (!artifact) continue;
      return download(deps, query, run, artifact);
    }
    // A short page is the last one: no need to ask for the next.
    if (runs.length < perPage) break;
  }

  const scope = `${looked} successful run${looked === 1 ? '' : 's'} of ${where} on ${baseBranch}`;
  return {
    found: false,
    failed: false,
    reason: `No unexpired artifact named ${artifactName} in the last ${scope}.`,
  };
}

async function download(
  deps: BaselineArtifactDeps,
  query: BaselineArtifactQuery,
  run: WorkflowRunSummary,
  artifact: ArtifactSummary,
): Promise<BaselineArtifactResult> {
  // A fresh folder per run, so a file left by an earlier download is never mistaken for this one.
  const target = join(query.downloadDir, `${query.artifactName}-run-${run.id}`);
  let extracted: string;
  try {
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    const response = await deps.artifactClient.downloadArtifact(artifact.id, {
      path: target,
      findBy: {
        token: deps.token,
        workflowRunId: run.id,
        repositoryOwner: query.owner,
        repositoryName: query.repo,
      },
    });
    extracted = response.downloadPath ?? target;
  } catch (error) {
    return {
      found: false,
      failed: true,
      reason: apiFailure(`Downloading artifact ${query.artifactName} of run ${run.id}`, error),
    };
  }

  const file = await findBaselineFile(extracted);
  if (!file) {
    return {
      found: false,
      failed: true,
      reason: `Artifact ${query.artifactName} of run ${run.id} holds no ${BASELINE_FILE_NAME}.`,
    };
  }
  return {
    found: true,
    file,
    runId: run.id,
    commit: run.head_sha,
    branch: query.baseBranch,
    url: run.html_url,
    artifactId: artifact.id,
  };
}

/** baseline.json at the artifact's root, or the only one anywhere in it (an upload may keep a folder). */
async function findBaselineFile(dir: string): Promise<string | null> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return null;
  }
  const matches = entries.filter((entry) => basename(entry) === BASELINE_FILE_NAME);
  if (matches.includes(BASELINE_FILE_NAME)) return join(dir, BASELINE_FILE_NAME);
  return matches.length === 1 && matches[0] ? join(dir, matches[0]) : null;
}

/** One line for the report: "baseline from main @ abc1234, run 123" or why there is none. */
export function describeBaselineSource(result: BaselineArtifactResult): string {
  if (!result.found) return `no baseline artifact: ${result.reason}`;
  return `baseline from ${result.branch} @ ${result.commit.slice(0, 7)}, run ${result.runId}`;
}
