// `bloom init [dir]`: writes a starter Bloom data folder, refusing to overwrite one that exists. With --offline
// its models are the built-in scripted ones, so the whole loop (pin, run, baseline, compare) runs with no key.

import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, writingTo } from '../../util/errors.ts';
import type { CliIo } from '../io.ts';
import { initTemplateDir } from '../templates/index.ts';

/** Added to the missing-key error. */
export const OFFLINE_HINT =
  'to try bloom without a key, bloom init --offline writes a suite on scripted models';

/** The scripted models an offline suite uses, added to models.json beside the real ones. */
const OFFLINE_MODELS = {
  'offline-evaluator': {
    id: 'scripted/evaluator',
    org: 'scripted',
    name: 'Scripted evaluator (offline: understanding, ideation, evaluator and judge)',
  },
  'offline-target': {
    id: 'scripted/target?rate=0.3&spread=0.1&seed=1',
    org: 'scripted',
    name: 'Scripted target (offline: shows the behavior in about 30% of rollouts)',
  },
};

/** seed.yaml's model keys, the evaluator's roles and the target's, as the template writes them. */
const EVALUATOR_MODEL = /^( {2}model: )"[^"]+"/gm;
const TARGET_MODEL = /^( {2}target: )"[^"]+"/m;

export interface InitOptions {
  force?: boolean;
  offline?: boolean;
}

export async function initCommand(io: CliIo, dir: string | undefined, opts: InitOptions): Promise<void> {
  const shown = dir ?? 'bloom-data';
  const target = resolve(io.cwd, shown);
  const existing = await readdir(target).catch(() => [] as string[]);
  if (existing.includes('seed.yaml') && !opts.force) {
    throw new ConfigError(
      join(target, 'seed.yaml'),
      '',
      'no existing seed.yaml (pass --force to overwrite)',
      'one',
    );
  }
  await writingTo(target, 'write', async () => {
    await cp(initTemplateDir(), target, { recursive: true, force: true });
    if (opts.offline) await makeOffline(target);
  });
  if (opts.offline) {
    io.stdout.write(
      `Wrote a Bloom data folder on scripted models (no key, no network) to ${target}\n` +
        `Next: bloom pin ${shown}, then bloom run ${shown}; to use real models, set the model names in ` +
        'seed.yaml to entries of models.json and export their provider keys\n',
    );
    return;
  }
  io.stdout.write(
    `Wrote a Bloom data folder to ${target}\n` +
      `Next: edit seed.yaml and behaviors.json, set your provider key, then run: bloom run ${shown} ` +
      `(or try it without a key first: bloom init --offline)\n`,
  );
}

/** Points every role of the template's seed.yaml at the scripted models and adds them to models.json. */
async function makeOffline(dir: string): Promise<void> {
  const seedPath = join(dir, 'seed.yaml');
  const seed = await readFile(seedPath, 'utf8');
  const offline = seed
    .replace(EVALUATOR_MODEL, '$1"offline-evaluator"')
    .replace(TARGET_MODEL, '$1"offline-target"');
  const header =
    '# Offline: every role runs on the built-in scripted models (models.json "offline-*"), which need no key and\n' +
    '# no network and give the same results every run. For real models, name models.json entries below instead.\n';
  await writeFile(seedPath, header + offline);
  const modelsPath = join(dir, 'models.json');
  const models = JSON.parse(await readFile(modelsPath, 'utf8')) as Record<string, unknown>;
  await writeFile(modelsPath, `${JSON.stringify({ ...OFFLINE_MODELS, ...models }, null, 2)}\n`);
}
