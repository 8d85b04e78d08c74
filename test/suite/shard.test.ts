// Shard slicing: a pure function of the list of cells, deterministic, disjoint, covering and balanced to one cell.
import { describe, expect, it } from 'vitest';
import { type Cell, parseShard, shardCells } from '../../src/suite/shard.ts';
import { ConfigError } from '../../src/util/errors.ts';

function grid(targets: string[], variations: number, reps: number): Cell[] {
  return targets.flatMap((target) =>
    Array.from({ length: variations }, (_, v) =>
      Array.from({ length: reps }, (_, r) => ({ target, variation: v + 1, repetition: r + 1 })),
    ).flat(),
  );
}

const key = (c: Cell) => `${c.target}|v${c.variation}r${c.repetition}`;

/** A shuffle with its own seed, so the "any order" check is the same every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('shardCells', () => {
  const cases: [string[], number, number, number][] = [
    [['t'], 12, 2, 3],
    [['t'], 7, 3, 4],
    [['a', 'b', 'c'], 5, 2, 4],
    [['t'], 2, 1, 5],
    [['model-b', 'model-a'], 100, 3, 16],
  ];
  for (const [targets, variations, reps, n] of cases) {
    it(`deals ${targets.length}x${variations}x${reps} cells into ${n} disjoint, covering, balanced shards`, () => {
      const cells = grid(targets, variations, reps);
      const shards = Array.from({ length: n }, (_, i) => shardCells(cells, { index: i + 1, count: n }));
      const all = shards.flat().map(key);
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(cells.map(key)));
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    });
  }

  it('gives the same cells for the same i/n whatever order the cells come in', () => {
    const cells = grid(['b', 'a'], 9, 3);
    for (let index = 1; index <= 4; index++) {
      const expected = shardCells(cells, { index, count: 4 }).map(key);
      for (const seed of [1, 2, 3]) {
        expect(shardCells(shuffled(cells, seed), { index, count: 4 }).map(key)).toEqual(expected);
      }
    }
  });

  it('deals in variation, then repetition order, every n-th cell from the i-th', () => {
    const one = shardCells(grid(['a'], 6, 2), { index: 2, count: 3 }).map(key);
    expect(one).toEqual(['a|v1r2', 'a|v3r1', 'a|v4r2', 'a|v6r1']);
  });

  it('one shard of one is every cell', () => {
    const cells = grid(['t'], 4, 2);
    expect(shardCells(cells, { index: 1, count: 1 }).map(key)).toEqual(cells.map(key));
  });
});

describe('parseShard', () => {
  const where = { file: 'bloom run', key: '--shard' };
  it('reads i/n', () => {
    expect(parseShard('2/4', where)).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ', where)).toEqual({ index: 1, count: 1 });
  });
  for (const bad of ['0/4', '5/4', '2', '2/0', 'a/b', '1/2/3', '-1/4', '']) {
    it(`refuses ${JSON.stringify(bad)} in one line`, () => {
      expect(() => parseShard(bad, where)).toThrow(ConfigError);
      try {
        parseShard(bad, where);
      } catch (error) {
        expect((error as Error).message).toMatch(/^bloom run: --shard: expected a shard i\/n/);
        expect((error as Error).message).not.toContain('\n');
      }
    });
  }
});
