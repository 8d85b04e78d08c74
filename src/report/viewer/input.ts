// What the viewer is built from: a results folder's parsed files, read loosely (ours or Python Bloom's).

import type { BehaviorFolder } from '../../formats/results-folder.ts';
import type { StoppedBy } from '../../gate/adaptive.ts';
import type { BehaviorResult, GateResult } from '../../gate/types.ts';
import type { ReportFront } from '../markdown/types.ts';
import type { LeaderboardView } from './types.ts';

export interface ViewerInput {
  title: string;
  behaviors: BehaviorFolder[];
  /** A parsed baseline file (any shape; scores are looked for loosely). */
  baseline?: unknown;
  baselineName?: string;
  /** The text of a history .jsonl file. */
  history?: string;
  /** The decision against a baseline (as `bloom compare` makes it); null or absent when there is none. */
  gate?: GateResult | null;
  /** Without a baseline: each behavior's result, as the gate gives it (the rate and a cap only). */
  results?: BehaviorResult[];
  /** Why no decision could be made although a baseline was given (one line). */
  noDecision?: string | null;
  /** Why adaptive rollouts stopped (the action's), for the facts. */
  stoppedBy?: StoppedBy | null;
  /** Whose settings the facts name: the action's inputs or the CLI's flags. Default: cli. */
  front?: ReportFront;
  /** Several targets ranked: the page shows the leaderboard, linking each target's own viewer. */
  leaderboard?: LeaderboardView;
}
