// A command in the repo as a ModelClient: each target turn spawns it, writes the conversation as JSON on stdin
// and reads the reply from stdout. A non-zero exit, a timeout, a reply over the size cap or bad output throws one
// line ending with the command's stderr tail (secrets redacted before it is cut), so the failed rollout says why.

import { type ChildProcess, spawn } from 'node:child_process';
import { DEFAULT_MAX_REPLY_BYTES } from '../models/errors.ts';
import type { ChatMessage, CompletionRequest, CompletionResult, ModelClient } from '../models/types.ts';
import { AgentOutputError, parseAgentOutput, toWireMessages, toWireTools } from './wire.ts';

export interface CommandTargetOptions {
  id: string;
  command: string;
  /** Absolute working directory. */
  cwd: string;
  timeoutMs: number;
  /** The child's whole environment (see command-env.ts: never the runner's). */
  env: NodeJS.ProcessEnv;
  /** A reply (stdout) larger than this fails the call. Default DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
  /** Removes secrets from stderr before its tail is quoted in an error. */
  redact?: (text: string) => string;
}

/** Error lines stay within the retry policy's 300-character cut, so the tail is never cut off. */
const MAX_DETAIL = 290;
const KEEP_STDERR = 4_096;

/** The command failed: not retried, since the same input would most likely fail the same way. */
export class CommandTargetError extends AgentOutputError {
  constructor(reason: string, stderr: string) {
    super(withStderrTail(reason, stderr));
    this.name = 'CommandTargetError';
  }
}

/** "<reason>; stderr: <last characters of stderr, on one line>", at most MAX_DETAIL characters. */
export function withStderrTail(reason: string, stderr: string): string {
  const flat = stderr.replace(/\s+/g, ' ').trim();
  if (flat === '') return `${reason}; stderr: (empty)`;
  const prefix = `${reason}; stderr: `;
  const room = Math.max(40, MAX_DETAIL - prefix.length);
  return `${prefix}${flat.length > room ? `...${flat.slice(-(room - 3))}` : flat}`;
}

export function createCommandTarget(options: CommandTargetOptions): ModelClient {
  const redact = options.redact ?? ((text: string) => text);
  return {
    id: options.id,
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const input = JSON.stringify({
        messages: toWireMessages(request.messages),
        tools: toWireTools(request.tools),
      });
      const output = await runOnce(options, input, request.signal, redact);
      let message: ChatMessage;
      try {
        message = parseAgentOutput(output.stdout);
      } catch (error) {
        throw new CommandTargetError((error as Error).message, redact(output.stderr));
      }
      return { message, usage: { inputTokens: 0, outputTokens: 0 }, model: options.id };
    },
  };
}

interface Output {
  stdout: string;
  stderr: string;
}

function runOnce(
  options: CommandTargetOptions,
  input: string,
  signal: AbortSignal | undefined,
  redact: (text: string) => string,
): Promise<Output> {
  const maxBytes = options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  return new Promise((resolvePromise, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // Its own process group, so a timeout, or the end of the turn, ends the shell and everything it started.
    const child = spawn(options.command, {
      shell: true,
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: string | undefined;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const kill = (why: string) => {
      failure ??= why;
      killGroup(child);
    };
    const timer = setTimeout(() => kill(`timed out after ${options.timeoutMs} ms`), options.timeoutMs);
    const onAbort = () => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBytes) {
        stdout.length = 0;
        kill(`wrote more than ${maxBytes} bytes on stdout (the reply size cap, --max-reply-bytes)`);
      } else stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // Redacted before it is cut: a secret cut in half would no longer be recognised.
      if (stderr.length > 2 * KEEP_STDERR) stderr = redact(stderr).slice(-KEEP_STDERR);
    });
    // The command may exit without reading its input; that shows up as its exit status, not as EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);

    child.on('error', (error) => {
      const reason = `could not start: ${(error as NodeJS.ErrnoException).code ?? error.message}`;
      settle(() => reject(new CommandTargetError(reason, redact(stderr))));
    });
    child.on('close', (code, signalName) => {
      // The turn is over: whatever the command left running in its group (`cmd &`, nohup) would go on writing
      // after the run, into its files or the results folder, so it ends here.
      killGroup(child);
      settle(() => {
        if (failure === 'aborted' && signal?.aborted) reject(signal.reason);
        else if (failure !== undefined) reject(new CommandTargetError(failure, redact(stderr)));
        else if (code !== 0) {
          const how = code === null ? `was killed by ${signalName}` : `exited with code ${code}`;
          reject(new CommandTargetError(how, redact(stderr)));
        } else resolvePromise({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
      });
    });
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}
