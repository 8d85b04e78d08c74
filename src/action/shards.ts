// The action in a matrix. A shard job (`shard: i/n`) runs its slice of each pinned suite and uploads its results
// folder whole (the resumable state under .bloom/ included: the merge reads each cell's judge result) as
// `<artifact-name>-shard-<i>-of-<n>`, posting and deciding nothing. The merge job (`mode: merge`) lists this
// workflow run's artifacts, downloads every shard's, and fails naming any shard that is missing or of another n:
// never a partial green. The merge itself (bloom merge's checks) then refuses a shard that failed or is foreign.

import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Shard } from '../formats/stamps.ts';
import { shardName } from '../suite/shard.ts';
import type { Env } from '../util/env.ts';
import { RunError } from '../util/errors.ts';
import { artifactName, uploadResults } from './artifact.ts';
import type { ActionInputs } from './inputs.ts';
import type { ActionDeps } from './types.ts';

/** "bloom-results-shard-2-of-4". */
export function shardArtifactName(base: string, shard: Shard): string {
  return `${artifactName(base, null)}-shard-${shard.index}-of-${shard.count}`;
}

/** The shard an artifact's name says it holds, or null for any other artifact. */
export function shardOfArtifact(base: string, name: string): Shard | null {
  const prefix = `${artifactName(base, null)}-shard-`;
  if (!name.startsWith(prefix)) return null;
  const match = /^(\d{1,4})-of-(\d{1,4})$/.exec(name.slice(prefix.length));
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  return match && index >= 1 && index <= count ? { index, count } : null;
}

/** Files a merge needs that an ordinary upload leaves out: everything but the folder's lock and set-aside files. */
function collectShardFiles(resultsDir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(resultsDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const parts = relative(resultsDir, path).split(/[\\/]/);
    if (parts.includes('set-aside') || entry.name === 'run.lock' || entry.name.endsWith('.tmp')) continue;
    found.push(path);
  }
  return found.sort();
}

/** Uploads a shard's results folder; a shard that cannot hand its results on has failed. */
export async function uploadShard(
  deps: ActionDeps,
  inputs: ActionInputs,
  shard: Shard,
  resultsDir: string,
): Promise<string> {
  const name = shardArtifactName(inputs.artifactName, shard);
  const upload = await uploadResults(
    deps.artifactClient,
    { name, files: collectShardFiles(resultsDir), rootDir: resultsDir, retentionDays: inputs.retentionDays },
    deps.env,
  );
  if (!upload.uploaded) {
    throw new RunError(`shard ${shardName(shard)} could not upload its results as ${name}: ${upload.reason}`);
  }
  // A re-run's upload may have been renamed (-2): the merge looks for this exact name.
  if (upload.name !== name) {
    throw new RunError(
      `shard ${shardName(shard)} was uploaded as ${upload.name}: an artifact ${name} already exists`,
    );
  }
  return name;
}

/** The run's coordinates the merge lists artifacts by. */
function thisRun(env: Env): { workflowRunId: number; repositoryOwner: string; repositoryName: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const runId = Number(env.GITHUB_RUN_ID);
  if (!owner || !repo || !Number.isSafeInteger(runId) || runId <= 0) {
    throw new RunError(
      'mode: merge runs inside a workflow run (GITHUB_REPOSITORY and GITHUB_RUN_ID are not set)',
    );
  }
  return { workflowRunId: runId, repositoryOwner: owner, repositoryName: repo };
}

/**
 * Downloads every shard artifact of this workflow run into `dir`, one folder each, in shard order. Fails naming
 * the shards that are missing (a failed job uploads nothing) and a set whose n disagrees.
 */
export async function downloadShards(deps: ActionDeps, inputs: ActionInputs, dir: string): Promise<string[]> {
  if (!inputs.githubToken)
    throw new RunError('mode: merge needs github-token (with actions: read) to list the shards');
  const findBy = { token: inputs.githubToken, ...thisRun(deps.env) };
  const listed = await deps.artifactClient.listArtifacts({ latest: true, findBy }).catch((error: unknown) => {
    throw new RunError(
      `listing this run's artifacts failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
    );
  });
  const shards = listed.artifacts.flatMap((a) => {
    const shard = shardOfArtifact(inputs.artifactName, a.name);
    return shard ? [{ shard, id: a.id, name: a.name }] : [];
  });
  if (shards.length === 0) {
    const base = artifactName(inputs.artifactName, null);
    throw new RunError(`no shard artifact (${base}-shard-<i>-of-<n>) in this workflow run`);
  }
  const counts = [...new Set(shards.map((s) => s.shard.count))].sort((a, b) => a - b);
  if (counts.length > 1) {
    throw new RunError(
      `the shard artifacts disagree on n (${counts.join(', ')}): ${shards.map((s) => s.name).join(', ')}`,
    );
  }
  const count = counts[0] as number;
  const have = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length > 0) {
    throw new RunError(
      `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing: no artifact ` +
        `${missing.map((i) => shardArtifactName(inputs.artifactName, { index: i, count })).join(', ')} ` +
        '(its job failed or was cancelled); never merged partially',
    );
  }
  const folders: string[] = [];
  for (const s of shards.sort((a, b) => a.shard.index - b.shard.index)) {
    const path = join(dir, s.name);
    await mkdir(path, { recursive: true });
    try {
      await deps.artifactClient.downloadArtifact(s.id, { path, findBy });
    } catch (error) {
      throw new RunError(
        `downloading ${s.name} failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
      );
    }
    folders.push(path);
  }
  return folders;
}
