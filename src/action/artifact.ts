// Uploads the results as one workflow artifact. Outside Actions, or when the upload fails, the files stay
// on disk and the caller prints where: an artifact is a convenience, never a reason to fail the job.

import { type Dirent, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Env } from '../util/env.ts';

/** The one method we use of @actions/artifact's DefaultArtifactClient; tests pass a fake. */
export type ArtifactUploader = Pick<ArtifactClient, 'uploadArtifact'>;

export interface UploadRequest {
  name: string;
  /** Absolute paths, all under rootDir. */
  files: string[];
  rootDir: string;
  /** 1-90 days; null: the repository's default. */
  retentionDays: number | null;
  /** One file uploaded as itself, not zipped, so a browser opens it from the artifact's link; the artifact is then
   * named after the file. */
  skipArchive?: boolean;
}

export type UploadResult =
  | { uploaded: true; name: string; id: number | null; size: number | null; url: string | null }
  | { uploaded: false; path: string; reason: string };

// Characters @actions/artifact rejects in a name, and whitespace (names end up in URLs and paths).
const NAME_FORBIDDEN = /["':<>|*?\r\n\\/\s]+/g;

/**
 * A name unique in the run: the base, plus the suite when one job uploads several suites. Matrix shards
 * share everything the runner tells us, so a matrix needs a shard in `artifact-name` (the upload retries
 * with -2, -3... on a name conflict as a fallback).
 */
export function artifactName(base: string, suite: string | null): string {
  const clean = (text: string) =>
    text
      .replace(NAME_FORBIDDEN, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.\s]+|[-.\s]+$/g, '');
  const parts = [clean(base) || 'bloom-results'];
  if (suite) parts.push(clean(suite));
  return parts.filter(Boolean).join('-');
}

/** Link to an uploaded artifact, or null when the run's coordinates are unknown. */
export function artifactUrl(env: Env, id: number | undefined): string | null {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (id === undefined || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID) return null;
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}

/** The artifact service is only there inside a job: the runner gives node actions these two variables. */
export function artifactServiceAvailable(env: Env): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL);
}

const MAX_NAME_ATTEMPTS = 5;

function isNameConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(409\)|already exists/i.test(message);
}

export async function uploadResults(
  client: ArtifactUploader,
  request: UploadRequest,
  env: Env,
): Promise<UploadResult> {
  const keep = (reason: string): UploadResult => ({ uploaded: false, path: request.rootDir, reason });
  if (!artifactServiceAvailable(env)) {
    return keep('not running in GitHub Actions (no ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL)');
  }
  if (request.files.length === 0) return keep('no result files to upload');
  const options = {
    ...(request.retentionDays ? { retentionDays: request.retentionDays } : {}),
    ...(request.skipArchive ? { skipArchive: true } : {}),
  };
  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = attempt === 1 ? request.name : `${request.name}-${attempt}`;
    try {
      const response = await client.uploadArtifact(name, request.files, request.rootDir, options);
      return {
        uploaded: true,
        name,
        id: response.id ?? null,
        size: response.size ?? null,
        url: artifactUrl(env, response.id),
      };
    } catch (error) {
      lastError = error;
      if (!isNameConflict(error)) break;
    }
  }
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  return keep(`upload failed: ${message.split('\n')[0]}`);
}

// What is worth keeping from a results folder: Bloom's stage files and transcripts, our reports,
// viewer, baseline, anchor and history, and the gate's looks and judge check. Not the resumable state under hidden folders (.bloom/).
const KEPT_FILE =
  /^(transcript_.*\.json|judgment\.json|understanding\.json|ideation\.json|rollout\.json|run_info\.json|report.*\.(md|json)|viewer\.html|baseline.*\.json|anchor\.json|history.*\.(json|jsonl)|gate_looks\.json|judge_check(_anchor)?\.json|.*\.lock\.json)$/;

/**
 * The files to upload from `resultsDir`, sorted, absolute. Symbolic links are not followed (a link to a
 * file outside the results must not end up in an artifact); hidden folders are skipped.
 */
export function collectArtifactFiles(resultsDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(path);
      else if (entry.isFile() && KEPT_FILE.test(entry.name)) found.push(path);
    }
  };
  walk(resultsDir);
  return found.sort((a, b) => (relative(resultsDir, a) < relative(resultsDir, b) ? -1 : 1));
}
