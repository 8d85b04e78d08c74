// Reading the data folder's files: missing files, YAML and JSON syntax errors become one-line ConfigErrors.

import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from '../util/errors.ts';
import { readTextIfExists } from '../util/fs.ts';

/** The file's text, or undefined when it does not exist (nor does a folder on its path). */
export function readConfigText(path: string): Promise<string | undefined> {
  return readTextIfExists(path, ['ENOENT', 'ENOTDIR']);
}

/** A file that must be there: its text, or a one-line ConfigError saying what was expected and why it failed. */
export async function readRequiredText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, '', what, code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable'));
  }
}

/** The message's first line, without the position suffix the parsers add. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/ (?:in JSON )?at position \d+.*$/, '');
}

/** Parses YAML; a syntax error names its line. `file` is the name shown to the user. */
export function parseYamlText(file: string, text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ConfigError(file, line ? `line ${line}` : '', 'valid YAML', firstLine(error.message));
  }
  return doc.toJS();
}

/** Parses JSON; a syntax error names its line when the parser reports a position. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = /\(line (\d+) column \d+\)/.exec(message)?.[1];
    throw new ConfigError(file, line ? `line ${line}` : '', 'valid JSON', firstLine(message));
  }
}
