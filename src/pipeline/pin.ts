// Pinning: run understanding and ideation once and capture them, with the hashes of their inputs, as a lock.

import type { SuiteLock } from '../formats/lock.ts';
import { buildLock } from '../suite/lock.ts';
import type { PipelineContext } from './context.ts';
import { runIdeation } from './ideation/index.ts';
import { TARGET_PLACEHOLDER } from './prompt-helpers.ts';
import { runUnderstanding } from './understanding/index.ts';

/** Always generates afresh: results of an earlier run on disk are never reused for a lock. The scenarios are written
 * for a placeholder target, not the one configured today (see TARGET_PLACEHOLDER), so the lock is target-agnostic. */
export async function pinSuite(ctx: PipelineContext): Promise<SuiteLock> {
  const models = { ...ctx.models, target: { ...ctx.models.target, displayName: TARGET_PLACEHOLDER } };
  const pinning = { ...ctx, models };
  const understanding = await runUnderstanding(pinning);
  const ideation = await runIdeation(pinning, understanding);
  return buildLock(ctx.data, ctx.models, understanding, ideation);
}
