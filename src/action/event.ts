// The webhook payload of the event that started the workflow (the file at GITHUB_EVENT_PATH).

import { readFileSync } from 'node:fs';
import type { Env } from '../util/env.ts';
import { ConfigError, describeErrno, errnoOf } from '../util/errors.ts';

/**
 * The parsed payload; {} outside Actions (no GITHUB_EVENT_PATH) or when the file is missing (a local run). A file
 * that is there but unreadable or not JSON is refused in one line: deciding which branch is the default (and so
 * whether to write a baseline) from a payload that could not be read would be a guess.
 */
export function readEventPayload(env: Env, readFile: (path: string) => string = readUtf8): unknown {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return {};
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return {};
    throw new ConfigError(path, '', 'the event payload the runner writes', describeErrno(errnoOf(error)));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const found = text.trim() === '' ? 'an empty file' : 'text that is not JSON';
    throw new ConfigError(path, '', 'the JSON event payload the runner writes (GITHUB_EVENT_PATH)', found);
  }
}

function readUtf8(path: string): string {
  return readFileSync(path, 'utf8');
}
