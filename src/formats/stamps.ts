// The keys this tool adds to result files so a later run resumes only what it made itself (see
// pipeline/results/): the run's identity, this machine's seal, and an unpinned suite's inputs hash.

import { z } from 'zod';

/** The key a result file keeps its run's identity under (in a transcript: under metadata). */
export const RUN_IDENTITY_KEY = 'run_identity';

/** The key a file's seal is kept under (in a transcript: under metadata). */
export const RUN_SEAL_KEY = 'run_seal';

/** The key understanding.json and ideation.json of an unpinned run keep the hash of their suite inputs under. */
export const SUITE_INPUTS_KEY = 'suite_inputs_hash';

/** Which run made a file: suite, config and target (formats/run-info.ts's RunIdentity), as stamped. */
export const runIdentityStamp = z.record(z.string(), z.unknown());

/** The stamps a result file may carry at its top level (or a transcript under metadata). */
export const stampFields = {
  [RUN_IDENTITY_KEY]: runIdentityStamp.optional(),
  [RUN_SEAL_KEY]: z.string().optional(),
};

/** The key a shard's rollout.json (under metadata), judgment.json and run_info.json name the shard under. */
export const SHARD_KEY = 'shard';

/** Shard i of n of a pinned suite's cells (`bloom run --shard i/n`; suite/shard.ts deals the cells). */
export const shardSchema = z
  .strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) })
  .refine((s) => s.index <= s.count, { message: 'expected index <= count' });

export type Shard = z.output<typeof shardSchema>;
