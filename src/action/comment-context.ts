// Where the sticky comment goes, and whether this event's token may write it.

import type { Env } from '../util/env.ts';
import { pick } from '../util/pick.ts';

export interface CommentContext {
  owner: string;
  repo: string;
  /** The pull request of a pull_request / pull_request_target event; null for any other event. */
  pullNumber: number | null;
  /** The head branch lives in another repository. */
  isFork: boolean;
  /** Why no comment can be written here, as a one-line notice; null when one can. */
  skipReason: string | null;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function commentContext(env: Env, eventPayload: unknown): CommentContext {
  const fullName = env.GITHUB_REPOSITORY ?? String(pick(eventPayload, 'repository', 'full_name') ?? '/');
  const [owner = '', repo = ''] = fullName.split('/');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const number = pick(eventPayload, 'pull_request', 'number');
  if (!PULL_REQUEST_EVENTS.has(eventName) || typeof number !== 'number') {
    return {
      owner,
      repo,
      pullNumber: null,
      isFork: false,
      skipReason: `No pull request comment: the "${eventName || 'unknown'}" event has no pull request.`,
    };
  }
  const isFork = headIsFork(eventPayload);
  // Under pull_request a fork's token is read-only whatever `permissions:` says; pull_request_target runs
  // with the base repository's token, so it can comment (and must never check out the fork's code).
  const readOnly = isFork && eventName === 'pull_request';
  return {
    owner,
    repo,
    pullNumber: number,
    isFork,
    skipReason: readOnly
      ? `No pull request comment: #${number} comes from a fork, whose token is read-only. The job summary and ` +
        'the artifact have the report; to comment, use the two-workflow pattern (a workflow_run workflow ' +
        'reads the uploaded results and comments).'
      : null,
  };
}

/** A deleted fork has head.repo null: still not the base repository. */
function headIsFork(payload: unknown): boolean {
  if (pick(payload, 'pull_request', 'head', 'repo') === null) return true;
  const head = pick(payload, 'pull_request', 'head', 'repo', 'full_name');
  const base = pick(payload, 'pull_request', 'base', 'repo', 'full_name');
  return typeof head === 'string' && typeof base === 'string' && head.toLowerCase() !== base.toLowerCase();
}
