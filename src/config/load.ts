// Loads a Bloom data folder exactly as Bloom users write it, validated, with one-line errors.

import { stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { behaviorsSchema } from '../formats/behaviors.ts';
import type { ModelEntry } from '../formats/models.ts';
import { modelsSchema } from '../formats/models.ts';
import type { ConfigurablePrompts } from '../formats/prompts.ts';
import { emptyPrompts, promptsSchema } from '../formats/prompts.ts';
import { seedSchema } from '../formats/seed.ts';
import { formatKeyPath, parseOrThrow } from '../formats/zod-issue.ts';
import { isRunnerToken } from '../util/env-secrets.ts';
import { ConfigError, describeErrno, errnoOf } from '../util/errors.ts';
import { parseJsonText } from '../util/json-text.ts';
import { checkOneTargetKey, checkSeed } from './checks.ts';
import { containedPath, dataFolderBoundary, type PathWhere } from './contain.ts';
import { parseExample } from './examples.ts';
import { normalizeSeed } from './normalize-seed.ts';
import { ideationPlan } from './plan.ts';
import { parseYamlText, readConfigText } from './read.ts';
import type { BloomData, Example } from './types.ts';

/** A file of the data folder: where it is, and how errors name it (relative to the folder's parent). */
interface DataFile {
  path: string;
  shown: string;
}

function dataFile(dir: string, ...parts: string[]): DataFile {
  return { path: join(dir, ...parts), shown: join(basename(dir), ...parts) };
}

/**
 * The file's text, or undefined when it does not exist. Read only when it resolves inside the data folder (a
 * committed symbolic link to /proc/self/environ is refused); `where` names the key that gave the path, if any.
 */
async function readDataFile(dir: string, file: DataFile, where?: PathWhere): Promise<string | undefined> {
  const path = containedPath(
    dataFolderBoundary(dir),
    dir,
    relative(dir, file.path),
    where ?? { file: file.shown, keyPath: '' },
  );
  return path === undefined ? undefined : readConfigText(path);
}

async function readRequired(dir: string, file: DataFile, what: string): Promise<string> {
  const text = await readDataFile(dir, file);
  if (text === undefined) throw new ConfigError(file.shown, '', what, 'no such file');
  return text;
}

async function assertFolder(dir: string, given: string) {
  const what = 'a Bloom data folder containing seed.yaml';
  const info = await stat(dir).catch((error: unknown) => {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(given, '', what, describeErrno(code));
  });
  if (!info) throw new ConfigError(given, '', what, 'no such folder');
  if (!info.isDirectory()) throw new ConfigError(given, '', what, 'a file');
}

async function loadModels(dir: string): Promise<Record<string, ModelEntry>> {
  const file = dataFile(dir, 'models.json');
  const text = await readDataFile(dir, file);
  if (text === undefined) return {};
  const models = parseOrThrow(file.shown, modelsSchema, parseJsonText(file.shown, text));
  for (const [name, entry] of Object.entries(models)) {
    // The key is sent to base_url, which the same file chooses: never the runner's own tokens.
    if (entry.api_key_env && isRunnerToken(entry.api_key_env)) {
      throw new ConfigError(
        file.shown,
        formatKeyPath([name, 'api_key_env']),
        "a variable other than the runner's own tokens (GITHUB_TOKEN, ACTIONS_*, INPUT_*)",
        JSON.stringify(entry.api_key_env),
      );
    }
  }
  return models;
}

async function loadPrompts(dir: string, name: string): Promise<ConfigurablePrompts> {
  const file = dataFile(dir, 'configurable_prompts', `${name}.json`);
  const text = await readDataFile(dir, file, {
    file: dataFile(dir, 'seed.yaml').shown,
    keyPath: 'configurable_prompts',
    given: name,
  });
  if (text === undefined) {
    if (name === 'default') return emptyPrompts();
    throw new ConfigError(
      dataFile(dir, 'seed.yaml').shown,
      'configurable_prompts',
      `the name of a file in configurable_prompts/ (configurable_prompts/${name}.json)`,
      'no such file',
    );
  }
  return parseOrThrow(file.shown, promptsSchema, parseJsonText(file.shown, text));
}

/** Bloom lists examples by name ("my-behavior") or file name ("my-behavior.json"). */
async function findExample(
  dir: string,
  name: string,
  where: PathWhere,
): Promise<{ file: DataFile; text: string } | undefined> {
  const candidates = name.endsWith('.json') ? [name] : [`${name}.json`, name];
  for (const candidate of candidates) {
    const file = dataFile(dir, 'behaviors', 'examples', candidate);
    const text = await readDataFile(dir, file, where);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

async function loadExamples(dir: string, names: string[], seedShown: string): Promise<Example[]> {
  const examples: Example[] = [];
  for (const [i, name] of names.entries()) {
    const found = await findExample(dir, name, {
      file: seedShown,
      keyPath: `behavior.examples[${i}]`,
      given: name,
    });
    if (!found) {
      const expected = name.endsWith('.json') ? name : `${name}.json`;
      throw new ConfigError(
        seedShown,
        `behavior.examples[${i}]`,
        `a file behaviors/examples/${expected}`,
        'no such file',
      );
    }
    const input = parseJsonText(found.file.shown, found.text);
    examples.push({ name, messages: parseExample(found.file.shown, input) });
  }
  return examples;
}

export async function loadBloomData(dir: string): Promise<BloomData> {
  const absDir = resolve(dir);
  await assertFolder(absDir, dir);

  const seedFile = dataFile(absDir, 'seed.yaml');
  const seedInput = parseYamlText(seedFile.shown, await readRequired(absDir, seedFile, 'a seed.yaml file'));
  const seed = normalizeSeed(parseOrThrow(seedFile.shown, seedSchema, seedInput));
  checkOneTargetKey(seedFile.shown, seedInput);

  const behaviorsFile = dataFile(absDir, 'behaviors.json');
  const behaviorsText = await readRequired(
    absDir,
    behaviorsFile,
    'a behaviors.json file ({"<name>": "<description>"})',
  );
  const behaviors = parseOrThrow(
    behaviorsFile.shown,
    behaviorsSchema,
    parseJsonText(behaviorsFile.shown, behaviorsText),
  );

  const plan = ideationPlan(seed.ideation);
  checkSeed(seedFile.shown, seed, behaviors, plan);

  const models = await loadModels(absDir);
  const prompts = await loadPrompts(absDir, seed.configurable_prompts);
  const examples = await loadExamples(absDir, seed.behavior.examples, seedFile.shown);

  return {
    dir: absDir,
    seed,
    behaviors,
    models,
    examples,
    prompts,
    behaviorDescription: behaviors[seed.behavior.name] ?? '',
    plan,
  };
}
