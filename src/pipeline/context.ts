// What every stage receives: the loaded data folder, a client per role, and where to write.

import type { BloomData } from '../config/types.ts';
import type { BatchStore } from '../models/batch.ts';
import type { ModelClient, ResolvedModel } from '../models/types.ts';

export type ModelRole = 'understanding' | 'ideation' | 'evaluator' | 'target' | 'judge';

export interface ProgressEvent {
  stage: 'understanding' | 'ideation' | 'rollout' | 'judgment' | 'metajudgment';
  /** Units finished so far in this stage, and the stage's total. */
  done: number;
  total: number;
  /** Units that failed so far (counted in done). */
  failed?: number;
  /** Units an earlier invocation left on disk, taken without a model call (counted in done). */
  reused?: number;
  /** One short line for plain logs; never model text. */
  note?: string;
}

export interface PipelineContext {
  data: BloomData;
  clients: Record<ModelRole, ModelClient>;
  models: Record<ModelRole, ResolvedModel>;
  /**
   * Set when the judge's calls go through a batch API (`--batch`): the run points it at its results folder's
   * batches file before judging, and judges once every rollout is done (one batch, not one per rollout).
   */
  judgeBatches?: { current?: BatchStore };
  /** `<results>/<behavior>`: where this behavior's files go. */
  behaviorDir: string;
  onProgress: (event: ProgressEvent) => void;
}
