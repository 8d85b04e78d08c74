import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../src/util/fs.ts';

describe('writeFileAtomic', () => {
  it('makes the folder, replaces the file whole and leaves no temp file', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bloom-fs-')), 'a', 'b');
    await writeFileAtomic(join(dir, 'x.txt'), 'one');
    await writeFileAtomic(join(dir, 'x.txt'), 'two');
    expect(await readFile(join(dir, 'x.txt'), 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['x.txt']);
  });

  it('makes a folder again when it was removed after the first write there', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bloom-fs-')), 'gone');
    await writeJsonAtomic(join(dir, 'first.json'), { n: 1 });
    await rm(dir, { recursive: true });
    await writeJsonAtomic(join(dir, 'second.json'), { n: 2 });
    expect(JSON.parse(await readFile(join(dir, 'second.json'), 'utf8'))).toEqual({ n: 2 });
  });
});
