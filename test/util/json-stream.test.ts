import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/util/fs.ts';
import { writeJsonStreamed } from '../../src/util/json-stream.ts';

async function* items<T>(values: T[]): AsyncGenerator<T> {
  for (const v of values) yield v;
}

describe('writeJsonStreamed', () => {
  it('writes exactly the bytes writeJsonAtomic writes, arrays given as arrays or async iterables', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-json-stream-'));
    const judgments = [{ v: 1, highlights: [{ q: 'line\nbreak' }] }, { v: 2, s: '</script>' }, null];
    const samples: [Record<string, unknown>, Record<string, unknown>][] = [
      [{}, {}],
      [{ a: 1 }, { a: 1 }],
      [
        { name: 'x "quoted"\n', empty: [], nested: { b: [1, { c: null }], d: 'e' }, skip: undefined },
        { name: 'x "quoted"\n', empty: items([]), nested: { b: [1, { c: null }], d: 'e' }, skip: undefined },
      ],
      [
        { judgments, summary: { rate: 0.25, ci: [0.1, 0.4] }, tail: [[1, 2], []] },
        { judgments: items(judgments), summary: { rate: 0.25, ci: [0.1, 0.4] }, tail: items([[1, 2], []]) },
      ],
    ];
    for (const [i, [plain, streamed]] of samples.entries()) {
      await writeJsonAtomic(join(dir, `plain${i}.json`), plain);
      await writeJsonStreamed(join(dir, `streamed${i}.json`), streamed);
      expect(await readFile(join(dir, `streamed${i}.json`), 'utf8')).toBe(
        await readFile(join(dir, `plain${i}.json`), 'utf8'),
      );
    }
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves neither the file nor a temp file when an element cannot be produced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-json-stream-'));
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('judge file gone');
    }
    await expect(writeJsonStreamed(join(dir, 'out.json'), { judgments: failing() })).rejects.toThrow(
      'judge file gone',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails cleanly when an element fails while writes are still pending, the file maybe not yet open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bloom-json-stream-'));
    async function* failingSoon(size: number): AsyncGenerator<string> {
      yield 'x'.repeat(size);
      throw new Error('judge file gone');
    }
    for (let i = 0; i < 40; i++) {
      await expect(
        writeJsonStreamed(join(dir, `out${i}.json`), { judgments: failingSoon(i % 2 ? 1 << 20 : 10) }),
      ).rejects.toThrow('judge file gone');
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
