// Reading a file of one of the formats: its JSON, checked against the format's schema. The file's own data is
// returned (not zod's copy), typed as the schema's output: result-file schemas have no defaults or transforms (a
// test holds them to it), so the two are the same value, and the data keeps the key order its seal was made over.

import type { z } from 'zod';
import { readRequiredText, readTextIfExists } from '../util/fs.ts';
import { parseJsonText } from '../util/json-text.ts';
import { parseOrThrow } from './zod-issue.ts';

/** `data`, checked against `schema`: a one-line ConfigError naming `file` and the key when it does not fit. */
export function checkFormat<S extends z.ZodType>(file: string, schema: S, data: unknown): z.output<S> {
  parseOrThrow(file, schema, data);
  return data as z.output<S>;
}

/** The file checked against `schema`; undefined when it does not exist. Not JSON or not of its shape: one line. */
export async function readFormatIfExists<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  const text = await readTextIfExists(path);
  return text === undefined ? undefined : checkFormat(path, schema, parseJsonText(path, text));
}

/** A file that must be there, checked against `schema`; unreadable, a ConfigError saying what was `expected`. */
export async function readFormat<S extends z.ZodType>(
  path: string,
  schema: S,
  expected: string,
): Promise<z.output<S>> {
  return checkFormat(path, schema, parseJsonText(path, await readRequiredText(path, expected)));
}

/** The file when it is whole and of its shape; else undefined (for readers that open what they can). */
export async function readFormatOrSkip<S extends z.ZodType>(
  path: string,
  schema: S,
): Promise<z.output<S> | undefined> {
  return readFormatIfExists(path, schema).catch(() => undefined);
}
