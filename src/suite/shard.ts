// Shards of a pinned suite: which cells (target x variation x repetition) shard i of n runs. A pure function of the
// list of cells: sorted by a stable key and dealt out in turn, so the same i/n gives the same cells on any machine
// and in any order, the n shards are disjoint and cover every cell, and no two differ by more than one cell.

import type { Shard } from '../formats/stamps.ts';
import { ConfigError, describeValue } from '../util/errors.ts';

/** One rollout of a suite and its judgment: the unit a shard is made of. */
export interface Cell {
  /** The target's id; a suite of one target has one value. */
  target: string;
  variation: number;
  repetition: number;
}

/** Target by its id's text, then variation and repetition by number: the order cells are dealt in. */
export function compareCells(a: Cell, b: Cell): number {
  if (a.target !== b.target) return a.target < b.target ? -1 : 1;
  return a.variation - b.variation || a.repetition - b.repetition;
}

/** The cells of `shard` (1-indexed): every n-th cell of the sorted list, from the i-th. */
export function shardCells<C extends Cell>(cells: readonly C[], shard: Shard): C[] {
  return [...cells].sort(compareCells).filter((_, i) => i % shard.count === shard.index - 1);
}

/** "2/4" as shard 2 of 4; anything else is one line naming where it came from. */
export function parseShard(text: string, where: { file: string; key: string }): Shard {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) {
    throw new ConfigError(
      where.file,
      where.key,
      'a shard i/n with 1 <= i <= n (such as 2/4)',
      describeValue(text),
    );
  }
  return { index, count };
}

/** "2/4". */
export function shardName(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
