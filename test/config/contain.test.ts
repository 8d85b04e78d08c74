// Paths from a data folder stay inside their boundary after every symbolic link is followed; inside it, links and
// `..` that come back are fine.

import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containedPath, dataFolderBoundary, repositoryBoundary } from '../../src/config/contain.ts';
import { ConfigError } from '../../src/util/errors.ts';

const where = { file: 'evals/a/seed.yaml', keyPath: 'rollout.target.system_prompt_file' };

async function repo(): Promise<{ root: string; data: string }> {
  const root = realpathSync(await mkdtemp(join(tmpdir(), 'bloom-contain-')));
  const data = join(root, 'evals', 'a');
  await mkdir(join(root, '.git'), { recursive: true });
  await mkdir(join(root, 'prompts'), { recursive: true });
  await mkdir(data, { recursive: true });
  await writeFile(join(root, 'prompts', 'support.md'), 'Be kind.');
  return { root, data };
}

describe('containment', () => {
  it('the repository is the nearest folder holding .git; without one, the data folder itself', async () => {
    const { root, data } = await repo();
    expect(repositoryBoundary(data)).toEqual({ root, name: 'the repository' });
    const lone = realpathSync(await mkdtemp(join(tmpdir(), 'bloom-lone-')));
    expect(repositoryBoundary(lone)).toEqual({ root: lone, name: 'the data folder' });
  });

  it('follows ../ and links that stay inside, and reports a missing file as missing', async () => {
    const { root, data } = await repo();
    const boundary = repositoryBoundary(data);
    expect(containedPath(boundary, data, '../../prompts/support.md', where)).toBe(
      join(root, 'prompts', 'support.md'),
    );
    await symlink('../../prompts/support.md', join(data, 'link.md'));
    expect(containedPath(boundary, data, 'link.md', where)).toBe(join(root, 'prompts', 'support.md'));
    expect(containedPath(boundary, data, 'missing.md', where)).toBeUndefined();
  });

  it('refuses ../ past the boundary, absolute paths outside it, and links that leave it', async () => {
    const { root, data } = await repo();
    await symlink('/etc/hostname', join(data, 'out.md'));
    await symlink(join(root, 'prompts'), join(data, 'prompts'));
    const refusals: [ReturnType<typeof dataFolderBoundary>, string][] = [
      [repositoryBoundary(data), '../../../outside.md'],
      [repositoryBoundary(data), '/proc/self/environ'],
      [repositoryBoundary(data), 'out.md'],
      // Inside the repository, but a data folder file may not leave the data folder, even through a link.
      [dataFolderBoundary(data), 'prompts/support.md'],
    ];
    for (const [boundary, path] of refusals) {
      const error = (() => {
        try {
          containedPath(boundary, data, path, where);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, path).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        `evals/a/seed.yaml: rollout.target.system_prompt_file: expected a path inside ${boundary.name} (symbolic links followed), found ${JSON.stringify(path)}, which leads outside it`,
      );
    }
  });
});
