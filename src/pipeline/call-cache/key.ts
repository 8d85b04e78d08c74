// The call cache's key: the hash of everything that decides an answer. The exact request the client receives
// (messages, tools, parameters, and the pipeline's purpose, sample key and meta: the sample key names the rollout's
// cell and repetition, "v3r2/target/1", so two repetitions never share an answer) and what answers it (the
// client's cache identity, identity.ts).

import type { CompletionRequest } from '../../models/types.ts';
import { hashOf } from '../../suite/canonical.ts';

/** Bumped when the key's inputs change meaning: old entries are then simply never found. */
const KEY_VERSION = 1;

export function callKey(identity: unknown, request: CompletionRequest): string {
  const { signal: _signal, ...sent } = request;
  return hashOf({ version: KEY_VERSION, identity, request: sent });
}
