// Pinned suites: the lock file, its staleness check, and the hashes that identify a run.

export { canonicalize, canonicalJson, hashOf, sha256Hex } from './canonical.ts';
export { configHashOf, configInputs, runIdentity, suiteHashOf } from './identity.ts';
export { changedInputs, hashInputs, SUITE_PROMPT_KEYS, suiteInputs } from './inputs.ts';
export {
  assertFresh,
  buildLock,
  lockPathOf,
  lockText,
  parseLock,
  readFreshLock,
  readLock,
  staleInputs,
  writeLock,
} from './lock.ts';
