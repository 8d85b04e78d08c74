// Parsing JSON text read from a file: a syntax error becomes one ConfigError line naming the file (and the line,
// when the parser reports a position), never a stack trace.

import { ConfigError } from './errors.ts';

/** The message's first line, without the position suffix the parsers add. */
export function parserMessage(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/ (?:in JSON )?at position \d+.*$/, '');
}

/** Parses JSON; a syntax error names its line when the parser reports a position. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = /\(line (\d+) column \d+\)/.exec(message)?.[1];
    throw new ConfigError(file, line ? `line ${line}` : '', 'valid JSON', parserMessage(message));
  }
}
