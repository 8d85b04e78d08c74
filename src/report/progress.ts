// Progress on stderr. On a terminal one live line is redrawn in place and each stage's final line stays; in CI logs (no TTY) plain lines
// appear at most every 10% or 5 s, plus one at the stage's end, so logs stay short. Never prints model text.
// Units a resumed run takes from disk are shown as reused and left out of the ETA and of the 10% steps: they are
// not progress the run is making.

import type { ProgressEvent } from '../pipeline/context.ts';
import { safeLogLine } from './markdown/escape.ts';

export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface ProgressOptions {
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export interface ProgressReporter {
  onProgress(event: ProgressEvent): void;
  /** Adds tokens spent (input + output) to the running total shown on the line. */
  tokens(n: number): void;
  /** Ends any stage line still open; safe to call twice. */
  finish(): void;
}

type StageName = ProgressEvent['stage'];

interface StageState {
  stage: StageName;
  done: number;
  total: number;
  failed: number;
  /** Units taken from disk (counted in done). */
  reused: number;
  note?: string;
  startedAt: number;
  lastPrintedAt: number;
  /** Tenths of the stage already reported in plain mode (-1: none yet). */
  lastPrintedTenth: number;
  /** Whether the current numbers have been written in plain mode. */
  printed: boolean;
}

const PLAIN_INTERVAL_MS = 5000;
const CLEAR_LINE = '\r\x1b[2K';
const MIN_BAR = 10;
const MAX_BAR = 30;

/** Milliseconds left at the rate so far; undefined until something is done or once nothing is left. */
export function estimateRemainingMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || done >= total || elapsedMs <= 0) return undefined;
  return ((total - done) * elapsedMs) / done;
}

/** "42s", "3m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** "950", "12.3k", "1.2M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function renderBar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function counts(state: StageState): string {
  const notes = [
    ...(state.failed > 0 ? [`${state.failed} failed`] : []),
    ...(state.reused > 0 ? [`${state.reused} reused`] : []),
  ];
  return `${state.done}/${state.total}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function isComplete(state: StageState): boolean {
  return state.done >= state.total;
}

function etaText(state: StageState, now: number): string {
  const elapsed = now - state.startedAt;
  if (isComplete(state)) return `done in ${formatDuration(elapsed)}`;
  const remaining = estimateRemainingMs(state.done - state.reused, state.total - state.reused, elapsed);
  return remaining === undefined ? 'ETA --' : `ETA ${formatDuration(remaining)}`;
}

/**
 * Notes are short, but a failure's note quotes its error, which may quote a provider or an agent: one inert line
 * (no control, invisible or bidirectional characters, no workflow command), at most 80 characters.
 */
function cleanNote(note: string | undefined): string {
  if (!note) return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return safeLogLine(note.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(), 80);
}

function plainLine(state: StageState, now: number): string {
  const note = cleanNote(state.note);
  return `${state.stage} ${counts(state)}, ${etaText(state, now)}${note ? ` - ${note}` : ''}`;
}

function ttyLine(state: StageState, now: number, tokens: number, columns: number): string {
  const prefix = state.stage.padEnd(13);
  const suffix = ` ${counts(state)}  ${formatTokens(tokens)} tokens  ${etaText(state, now)}`;
  const barWidth = Math.max(MIN_BAR, Math.min(MAX_BAR, columns - prefix.length - suffix.length - 3));
  const line = `${prefix}${renderBar(state.done, state.total, barWidth)}${suffix}`;
  // A line longer than the terminal wraps, and \r would then redraw only its last row.
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** Several open stages share the live line, each with a short bar; the token count and ETA come last. */
function ttyLiveLine(states: StageState[], now: number, tokens: number, columns: number): string {
  const last = states.at(-1);
  if (!last) return '';
  if (states.length === 1) return ttyLine(last, now, tokens, columns);
  const parts = states.map(
    (state) => `${state.stage} ${renderBar(state.done, state.total, MIN_BAR)} ${counts(state)}`,
  );
  const line = `${parts.join('  ')}  ${formatTokens(tokens)} tokens  ${etaText(last, now)}`;
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

export function createProgress(stream: ProgressStream, opts: ProgressOptions = {}): ProgressReporter {
  const now = opts.now ?? Date.now;
  const tty = stream.isTTY === true;
  let tokenTotal = 0;
  // Rollout and judgment run at the same time, so several stages can be open at once.
  const open = new Map<StageName, StageState>();
  /** TTY only: the live line is on screen without its newline yet. */
  let lineOpen = false;

  const columns = (): number => (stream.columns && stream.columns > 0 ? stream.columns : 80);

  /** TTY: one live line for every open stage; each finished stage's line is printed above it and stays. */
  const drawTty = (): void => {
    if (open.size === 0) return;
    stream.write(`${CLEAR_LINE}${ttyLiveLine([...open.values()], now(), tokenTotal, columns())}`);
    lineOpen = true;
  };
  const printFinalTty = (state: StageState): void => {
    stream.write(`${CLEAR_LINE}${ttyLine(state, now(), tokenTotal, columns())}\n`);
    lineOpen = false;
  };

  const printPlain = (state: StageState): void => {
    const t = now();
    stream.write(`${plainLine(state, t)}\n`);
    state.lastPrintedAt = t;
    state.lastPrintedTenth = tenthOf(state);
    state.printed = true;
  };

  const closeStage = (state: StageState): void => {
    open.delete(state.stage);
    if (tty) {
      printFinalTty(state);
      drawTty();
    } else if (!state.printed) {
      printPlain(state);
    }
  };

  const startStage = (event: ProgressEvent): StageState => {
    const t = now();
    const state: StageState = {
      stage: event.stage,
      done: 0,
      total: event.total,
      failed: 0,
      reused: 0,
      startedAt: t,
      lastPrintedAt: t,
      lastPrintedTenth: 0,
      printed: true,
    };
    open.set(event.stage, state);
    return state;
  };

  const finished = new Set<StageName>();

  return {
    onProgress(event) {
      let state = open.get(event.stage);
      if (!state) {
        // A repeated final event after the stage closed, unless the stage really starts again.
        if (finished.has(event.stage) && event.done >= event.total) return;
        finished.delete(event.stage);
        state = startStage(event);
      }
      state.done = event.done;
      state.total = event.total;
      state.failed = event.failed ?? 0;
      state.reused = event.reused ?? 0;
      state.note = event.note;
      state.printed = false;

      if (isComplete(state)) {
        finished.add(state.stage);
        closeStage(state);
        return;
      }
      if (tty) {
        drawTty();
        return;
      }
      const due = tenthOf(state) > state.lastPrintedTenth || now() - state.lastPrintedAt >= PLAIN_INTERVAL_MS;
      if (due) printPlain(state);
    },

    tokens(n) {
      tokenTotal += n;
      // Redraw so the count moves even between units; plain logs wait for the next line.
      if (tty && lineOpen) drawTty();
    },

    finish() {
      for (const state of [...open.values()]) {
        open.delete(state.stage);
        if (tty) printFinalTty(state);
        else if (!state.printed) printPlain(state);
      }
      if (tty && lineOpen) stream.write('\n');
      lineOpen = false;
    },
  };
}

/** Tenths of the stage's own work done: units reused from disk move no step. */
function tenthOf(state: StageState): number {
  const work = state.total - state.reused;
  if (state.total <= 0) return 10;
  return work > 0 ? Math.floor(((state.done - state.reused) / work) * 10) : 0;
}
