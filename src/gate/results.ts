// Reading a results folder (<results>/<behavior>/ or one behavior folder) into what the gate compares:
// each behavior's scored cells, its failure counts, and the run identity from run_info.json.

import { join } from 'node:path';
import { parseJsonText, readRequiredText } from '../config/read.ts';
import { behaviorDirs } from '../report/behavior-dirs.ts';
import { readJudgmentFile } from '../report/read-judgment.ts';
import { ConfigError, describeValue } from '../util/errors.ts';
import { judgeCheckOf, readJudgeCheck, readLooks } from './results-files.ts';
import type { CandidateBehavior, ScoreTable } from './types.ts';

export interface BehaviorRun extends CandidateBehavior {
  /** The behavior folder it was read from. */
  dir: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface RunInfoFacts {
  suite_hash: string;
  config_hash: string;
  target_id: string;
  config_parts?: Record<string, string>;
  models?: { evaluator: string; judge: string };
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
  return Object.fromEntries(entries);
}

async function readRunInfo(dir: string): Promise<RunInfoFacts> {
  const file = join(dir, 'run_info.json');
  const data = parseJsonText(file, await readRequiredText(file, 'the run_info.json that `bloom run` writes'));
  if (!isObject(data)) throw new ConfigError(file, '', 'a JSON object', describeValue(data));
  const out: Record<string, string> = {};
  for (const key of ['suite_hash', 'config_hash', 'target_id'] as const) {
    const value = data[key];
    if (typeof value !== 'string' || value === '') {
      throw new ConfigError(
        file,
        key,
        'a non-empty string (written by `bloom run` from a pinned suite)',
        describeValue(value),
      );
    }
    out[key] = value;
  }
  const models = stringRecord(data.models);
  return {
    suite_hash: out.suite_hash as string,
    config_hash: out.config_hash as string,
    target_id: out.target_id as string,
    // Older runs have neither; the gate then cannot name a changed key or warn about an alias.
    config_parts: stringRecord(data.config_parts),
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
    const presence = j.behavior_presence as number | null;
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
  const failures = (file.failed_judgments ?? []) as unknown[];
  const unscoreable = failures.filter((f) => isObject(f) && f.unscoreable === true).length;
  const { config_parts, models, ...identity } = await readRunInfo(dir);
  checkSameRun(judgmentPath, (file as unknown as Record<string, unknown>).run_identity, identity);
  const looks = await readLooks(dir);
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
