// Reading a judgment.json written by us or by Python Bloom, checking just the keys the report relies on.
// Any problem is one ConfigError line naming the file, the key path, what was expected and what was found.

import { parseJsonText, readRequiredText } from '../config/read.ts';
import type { JudgmentFile } from '../pipeline/types.ts';
import { ConfigError, describeValue } from '../util/errors.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function readJudgmentFile(path: string): Promise<JudgmentFile> {
  const text = await readRequiredText(path, 'a judgment.json from a finished run');
  return checkJudgmentShape(path, parseJsonText(path, text));
}

export function checkJudgmentShape(file: string, data: unknown): JudgmentFile {
  if (!isObject(data)) throw new ConfigError(file, '', 'a JSON object', describeValue(data));
  if (typeof data.behavior_name !== 'string') {
    throw new ConfigError(file, 'behavior_name', 'a string', describeValue(data.behavior_name));
  }
  if (!isObject(data.summary_statistics)) {
    throw new ConfigError(file, 'summary_statistics', 'an object', describeValue(data.summary_statistics));
  }
  if (!Array.isArray(data.judgments)) {
    throw new ConfigError(file, 'judgments', 'an array', describeValue(data.judgments));
  }
  data.judgments.forEach((judgment: unknown, i: number) => {
    if (!isObject(judgment))
      throw new ConfigError(file, `judgments[${i}]`, 'an object', describeValue(judgment));
    for (const key of ['variation_number', 'repetition_number']) {
      if (typeof judgment[key] !== 'number') {
        throw new ConfigError(file, `judgments[${i}].${key}`, 'a number', describeValue(judgment[key]));
      }
    }
    const presence = judgment.behavior_presence;
    if (presence !== null && typeof presence !== 'number') {
      throw new ConfigError(file, `judgments[${i}].behavior_presence`, 'a number', describeValue(presence));
    }
  });
  if (data.failed_judgments !== undefined && !Array.isArray(data.failed_judgments)) {
    throw new ConfigError(file, 'failed_judgments', 'an array', describeValue(data.failed_judgments));
  }
  if (
    data.metajudgment_scores !== undefined &&
    data.metajudgment_scores !== null &&
    !isObject(data.metajudgment_scores)
  ) {
    throw new ConfigError(file, 'metajudgment_scores', 'an object', describeValue(data.metajudgment_scores));
  }
  return data as unknown as JudgmentFile;
}
