// From seed.yaml's rollout.target, or the --target override, to a TargetPlan: which kind of target, its
// validated settings, and any file it names already read. Synchronous and before any call, so a bad target is
// a ConfigError (exit 2) and never a failed run.

import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { containedPath, repositoryBoundary } from '../config/contain.ts';
import { parseYamlText } from '../config/read.ts';
import type { BloomData } from '../config/types.ts';
import {
  type CommandTargetConfig,
  type HttpTargetConfig,
  type ModelTargetConfig,
  parseTargetConfig,
  type TargetConfig,
} from '../formats/target.ts';
import { resolveModel } from '../models/registry.ts';
import type { ResolvedModel } from '../models/types.ts';
import { ConfigError, type Where } from '../util/errors.ts';
import { utf8Text } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import type { TeamSystemPrompt } from './system-prompt.ts';

export type TargetPlan =
  | { kind: 'model'; model: ResolvedModel; systemPrompt?: TeamSystemPrompt & { file: string } }
  | { kind: 'http'; config: HttpTargetConfig; where: Where }
  | { kind: 'command'; config: CommandTargetConfig; cwd: string; where: Where };

export interface ResolveTargetOptions {
  /** The --target value: a model name, a .yaml/.yml/.json file, an http(s):// URL, or cmd:<command>. */
  override?: string;
  /** Which of seed.yaml's rollout.targets (from 0), when there is no override. Needed when it lists several. */
  entry?: number;
  /** Where --target files and `cmd:` commands are relative to. */
  cwd: string;
}

export function resolveTarget(data: BloomData, options: ResolveTargetOptions): TargetPlan {
  const { config, where, commandDir, plainName } = targetConfig(data, options);
  switch (config.kind) {
    case 'model':
      return modelPlan(
        data,
        config.config,
        plainName ? where : { ...where, keyPath: keyPathOf(where.keyPath, 'model') },
        where,
      );
    case 'http':
      return { kind: 'http', config: config.config, where };
    case 'command': {
      // Not contained like the files a config names: the command is the pull request's own code and may go anywhere.
      const cwd = resolve(commandDir, config.config.cwd ?? '.');
      return { kind: 'command', config: config.config, cwd, where };
    }
  }
}

interface Located {
  config: TargetConfig;
  where: Where;
  /** What a command's cwd is relative to. */
  commandDir: string;
  /** Written as a bare model name (Bloom's form), not an object. */
  plainName: boolean;
}

/** The seed's own target: rollout.target, or the chosen entry of rollout.targets (the only one may go unnamed). */
function seedTarget(data: BloomData, entry: number | undefined): { raw: unknown; where: Where } {
  const file = join(basename(data.dir), 'seed.yaml');
  const list = data.seed.rollout.targets;
  if (!list) return { raw: data.seed.rollout.target, where: { file, keyPath: 'rollout.target' } };
  const index = entry ?? (list.length === 1 ? 0 : undefined);
  if (index === undefined || index < 0 || index >= list.length) {
    throw new ConfigError(
      file,
      'rollout.targets',
      'one target for this run: `bloom run` runs each in turn; elsewhere choose one with --target (or the ' +
        "action's target: input, one per matrix job)",
      `${list.length} targets`,
    );
  }
  return { raw: list[index], where: { file, keyPath: `rollout.targets[${index}]` } };
}

function targetConfig(data: BloomData, { override, entry, cwd }: ResolveTargetOptions): Located {
  if (override === undefined) {
    const { raw, where } = seedTarget(data, entry);
    return {
      config: parseTargetConfig(raw, where),
      where,
      commandDir: data.dir,
      plainName: typeof raw === 'string',
    };
  }
  const where = { file: '--target', keyPath: '' };
  if (/^https?:\/\//i.test(override)) {
    const config = parseTargetConfig({ http: { url: override } }, where);
    return { config, where, commandDir: data.dir, plainName: false };
  }
  if (override.startsWith('cmd:')) {
    // Typed in a shell, so relative to where it was typed.
    const command = override.slice('cmd:'.length).trim();
    return { config: parseTargetConfig({ command }, where), where, commandDir: cwd, plainName: false };
  }
  if (/\.(ya?ml|json)$/i.test(override)) {
    const fileWhere = { file: override, keyPath: '' };
    const raw = readTargetFile(resolve(cwd, override), override);
    const config = parseTargetConfig(raw, fileWhere);
    return { config, where: fileWhere, commandDir: data.dir, plainName: typeof raw === 'string' };
  }
  return { config: parseTargetConfig(override, where), where, commandDir: data.dir, plainName: true };
}

/** A --target file; a symbolic link leading out of its repository (or its folder, outside one) is refused. */
function readTargetFile(path: string, shown: string): unknown {
  const folder = dirname(path);
  const real = containedPath(repositoryBoundary(folder), folder, basename(path), {
    file: shown,
    keyPath: '',
  });
  let bytes: Buffer;
  try {
    bytes = readFileSync(real ?? path);
  } catch {
    throw new ConfigError(shown, '', 'a target file (.yaml, .yml or .json)', 'no such file');
  }
  const text = utf8Text(shown, bytes);
  return /\.json$/i.test(path) ? parseJsonText(shown, text) : parseYamlText(shown, text);
}

function modelPlan(data: BloomData, config: ModelTargetConfig, modelWhere: Where, where: Where): TargetPlan {
  const model = resolveModel(config.model, data.models, modelWhere);
  if (config.system_prompt_file === undefined) return { kind: 'model', model };
  const file = config.system_prompt_file;
  // Relative to the data folder, and never outside the repository that holds it (symbolic links followed).
  const path = containedPath(repositoryBoundary(data.dir), data.dir, file, {
    file: where.file,
    keyPath: keyPathOf(where.keyPath, 'system_prompt_file'),
  });
  let text: string;
  try {
    if (path === undefined) throw new Error('no such file');
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(
      where.file,
      keyPathOf(where.keyPath, 'system_prompt_file'),
      'a file relative to the data folder',
      `${JSON.stringify(file)} (no such file)`,
    );
  }
  return { kind: 'model', model, systemPrompt: { file, text, mode: config.system_prompt_mode } };
}

function keyPathOf(base: string, key: string): string {
  if (!key) return base;
  return base ? `${base}.${key}` : key;
}
