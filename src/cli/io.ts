// What a command may touch of the outside world, passed in so tests can run the CLI in-process.

import { breakWorkflowCommands, INVISIBLE } from '../report/markdown/escape.ts';
import type { Redactor } from '../util/redact.ts';

export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Every secret the run can see; the runs add the ones their targets resolve. */
  redactor?: Redactor;
}

/**
 * JSON for stdout, which may be an Actions log: the same value, but with invisible and bidirectional characters
 * and the legacy `##[` command prefix written as \u escapes. (A JSON line never starts with `::`.)
 */
export function jsonForLog(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(INVISIBLE, unicodeEscapes).replaceAll('##[', '##\\u005b');
}

/** Each UTF-16 unit as \uXXXX, so a character beyond U+FFFF (a tag character) becomes its surrogate pair. */
function unicodeEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

export function processIo(): CliIo {
  endQuietlyOnClosedPipe(process.stdout);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** `bloom plan | head -1`: the reader has all it wanted, so a closed pipe ends the command, not with a stack. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

/**
 * The same io, with both streams passing every write through the redactor and breaking workflow commands, so no
 * secret and no `::command` reaches the terminal or an Actions log, whatever a message quotes.
 */
export function guardedIo(io: CliIo, redactor: Redactor): CliIo {
  return {
    ...io,
    redactor,
    stdout: guardedStream(io.stdout, redactor),
    stderr: guardedStream(io.stderr, redactor),
  };
}

function guardedStream(stream: CliStream, redactor: Redactor): CliStream {
  let atLineStart = true;
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk !== 'string' || chunk === '')
      return (stream.write as (...args: unknown[]) => boolean)(chunk, ...rest);
    const text = breakWorkflowCommands(redactor.redact(chunk), atLineStart);
    atLineStart = text.endsWith('\n');
    return (stream.write as (...args: unknown[]) => boolean)(text, ...rest);
  };
  // isTTY and columns are read live (a terminal can be resized); everything else is the stream's own.
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
