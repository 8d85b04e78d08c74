// Reading a results folder (<results>/<behavior>/ or one behavior folder) into what the gate compares:
// each behavior's scored cells, its failure counts, and the run identity from run_info.json.

import { join } from 'node:path';
import type { ScoreTable } from '../formats/baseline.ts';
import { checkSameScenarios, LOOKS_FILE } from '../formats/gate-looks.ts';
import { readFormat } from '../formats/read.ts';
import { behaviorDirs, readJudgmentFile } from '../formats/results-folder.ts';
import { type KnownRunIdentity, runInfoSchema } from '../formats/run-info.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import { judgeCheckOf, plannedVariations, readJudgeCheck, readLooks } from './results-files.ts';
import type { CandidateBehavior } from './types.ts';

export interface BehaviorRun extends CandidateBehavior {
  /** The behavior folder it was read from. */
  dir: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface RunInfoFacts extends KnownRunIdentity {
  config_parts?: Record<string, string>;
  models?: { evaluator: string; judge: string };
}

async function readRunInfo(dir: string): Promise<RunInfoFacts> {
  const file = join(dir, 'run_info.json');
  const info = await readFormat(file, runInfoSchema, 'the run_info.json that `bloom run` writes');
  // A shard holds part of a suite's cells: deciding on it would gate on a slice.
  if (info.shard) {
    throw new ConfigError(
      file,
      'shard',
      'a whole run (join the shards with `bloom merge` first)',
      `shard ${info.shard.index}/${info.shard.count}`,
    );
  }
  const identity = (key: 'suite_hash' | 'config_hash' | 'target_id'): string => {
    const value = info[key];
    if (typeof value === 'string' && value !== '') return value;
    throw new ConfigError(
      file,
      key,
      'a non-empty string (written by `bloom run` from a pinned suite)',
      describeValue(value),
    );
  };
  const models = info.models;
  return {
    suite_hash: identity('suite_hash'),
    config_hash: identity('config_hash'),
    target_id: identity('target_id'),
    // Older runs have neither; the gate then cannot name a changed key or warn about an alias.
    config_parts: info.config_parts,
    models:
      models?.evaluator !== undefined && models.judge !== undefined
        ? { evaluator: models.evaluator, judge: models.judge }
        : undefined,
  };
}

/** judgment.json records the run that wrote it (ours do; Python Bloom's do not): it must be run_info.json's. */
function checkSameRun(file: string, stamp: unknown, identity: Record<string, string>): void {
  if (!isObject(stamp)) return;
  for (const [key, value] of Object.entries(identity)) {
    if (stamp[key] !== value) {
      throw new ConfigError(
        file,
        `run_identity.${key}`,
        `${describeValue(value)} as in run_info.json (one run's files, not a mix)`,
        describeValue(stamp[key]),
      );
    }
  }
}

function failedRolloutCount(statistics: Record<string, unknown>): number {
  const value = statistics.failed_rollout_count;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export async function readBehaviorRun(dir: string): Promise<BehaviorRun> {
  const judgmentPath = join(dir, 'judgment.json');
  const file = await readJudgmentFile(judgmentPath);
  const scores: ScoreTable = {};
  file.judgments.forEach((j, i) => {
    const presence = j.behavior_presence;
    if (typeof presence !== 'number' || !Number.isFinite(presence)) return;
    // Bloom's scale: a score outside it would make a baseline that `compare` then refuses.
    if (presence < 1 || presence > 10) {
      throw new ConfigError(
        judgmentPath,
        `judgments[${i}].behavior_presence`,
        'a score from 1 to 10',
        String(presence),
      );
    }
    const variation = String(j.variation_number);
    const repetition = String(j.repetition_number);
    const row = scores[variation] ?? {};
    if (Object.hasOwn(row, repetition)) {
      throw new ConfigError(
        judgmentPath,
        `judgments[${i}]`,
        'one judgment per variation and repetition',
        `v${variation}r${repetition} twice`,
      );
    }
    row[repetition] = presence;
    scores[variation] = row;
  });
  const failures = file.failed_judgments ?? [];
  const unscoreable = failures.filter((f) => isObject(f) && f.unscoreable === true).length;
  const { config_parts, models, ...identity } = await readRunInfo(dir);
  checkSameRun(judgmentPath, file.run_identity, identity);
  const looks = await readLooks(dir);
  // Looks speak only for the scenarios they counted: a later run on other ones (selected_variations changed) would
  // be a second decision at full alpha.
  const planned = looks?.variations && (await plannedVariations(dir));
  if (looks && planned) checkSameScenarios(join(dir, LOOKS_FILE), looks, planned);
  const check = await readJudgeCheck(dir);
  const anchorCheck = await readJudgeCheck(dir, 'anchor');
  return {
    dir,
    behavior: file.behavior_name,
    ...identity,
    ...(config_parts ? { config_parts } : {}),
    ...(models ? { models } : {}),
    ...(looks ? { looks } : {}),
    ...(check ? { judge_check: judgeCheckOf(check) } : {}),
    ...(anchorCheck ? { anchor_judge_check: judgeCheckOf(anchorCheck) } : {}),
    scores,
    unscoreable,
    failed: failures.length - unscoreable + failedRolloutCount(file.summary_statistics),
  };
}

/** Every behavior under `dir`; a behavior with nothing scored is bad input (never a silent green). */
export async function readResults(dir: string): Promise<BehaviorRun[]> {
  const runs: BehaviorRun[] = [];
  for (const d of await behaviorDirs(dir)) {
    const run = await readBehaviorRun(d);
    if (Object.keys(run.scores).length === 0) {
      throw new ConfigError(
        join(d, 'judgment.json'),
        'judgments',
        'at least one scored judgment',
        'none scored',
      );
    }
    const seen = runs.find((r) => r.behavior === run.behavior);
    if (seen)
      throw new ConfigError(
        join(d, 'judgment.json'),
        'behavior_name',
        'one folder per behavior',
        `"${run.behavior}" also in ${seen.dir}`,
      );
    runs.push(run);
  }
  return runs;
}
