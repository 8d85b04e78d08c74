// `bloom init [dir]`: writes a starter Bloom data folder, refusing to overwrite one that exists.

import { cp, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, writingTo } from '../../util/errors.ts';
import type { CliIo } from '../io.ts';
import { initTemplateDir } from '../templates/index.ts';

export async function initCommand(
  io: CliIo,
  dir: string | undefined,
  opts: { force?: boolean },
): Promise<void> {
  const target = resolve(io.cwd, dir ?? 'bloom-data');
  const existing = await readdir(target).catch(() => [] as string[]);
  if (existing.includes('seed.yaml') && !opts.force) {
    throw new ConfigError(
      join(target, 'seed.yaml'),
      '',
      'no existing seed.yaml (pass --force to overwrite)',
      'one',
    );
  }
  await writingTo(target, 'write', () => cp(initTemplateDir(), target, { recursive: true, force: true }));
  io.stdout.write(
    `Wrote a Bloom data folder to ${target}\n` +
      `Next: edit seed.yaml and behaviors.json, set your provider key, then run: bloom run ${dir ?? 'bloom-data'}\n`,
  );
}
