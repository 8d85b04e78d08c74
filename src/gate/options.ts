// The gate's options, their defaults and their one text syntax, shared by the CLI's flags and the action's inputs
// so that `10%` and `0.1` mean the same in both.

import { GATE_STATUSES, type GateOptions, type GateStatus } from './types.ts';

export const DEFAULT_GATE_OPTIONS: GateOptions = {
  maxIncrease: 0.02,
  maxRate: null,
  alpha: 0.05,
  detect: 0.1,
  driftTolerance: 0.25,
};

/** Statuses that fail the check by default: a significant rise, and a judge that moved (its verdict is unusable). */
export const DEFAULT_FAIL_ON: readonly GateStatus[] = ['regressed', 'judge-drift'];

/** Candidate rollouts per behavior an adaptive run may reach at most, by default. */
export const DEFAULT_MAX_ROLLOUTS = 300;

export interface FractionRule {
  /** Inclusive bounds; `lowOpen` excludes the lower one. */
  min: number;
  max: number;
  lowOpen?: boolean;
}

/** "0.1" or "10%" -> 0.1; the error text says what was expected. Returns a string when invalid. */
export function parseFraction(text: string, rule: FractionRule): number | { expected: string } {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const body = percent ? trimmed.slice(0, -1).trim() : trimmed;
  const value =
    body === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body) ? Number.NaN : Number(body);
  const n = percent ? value / 100 : value;
  const tooLow = rule.lowOpen ? n <= rule.min : n < rule.min;
  if (!Number.isFinite(n) || tooLow || n > rule.max) {
    const range = rule.lowOpen
      ? `above ${rule.min} and at most ${rule.max}`
      : `from ${rule.min} to ${rule.max}`;
    return {
      expected: `a fraction ${range}, or a percentage (e.g. ${rule.max === 1 ? '0.1 or 10%' : '0.05 or 5%'})`,
    };
  }
  return n;
}

/** Judge drift in presence points: "0.25"; the error text says what was expected. */
export function parsePresencePoints(text: string): number | { expected: string } {
  const trimmed = text.trim();
  const n = /^(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isFinite(n) && n >= 0 && n <= 9) return n;
  return { expected: 'a number of presence points from 0 to 9, e.g. 0.25' };
}

/** Each gate option's one text syntax: the CLI's flags and the action's inputs parse with these and nothing else. */
export const GATE_OPTION_SYNTAX = {
  maxIncrease: (text) => parseFraction(text, { min: 0, max: 1 }),
  maxRate: (text) => parseFraction(text, { min: 0, max: 1 }),
  alpha: (text) => parseFraction(text, { min: 0, max: 0.5, lowOpen: true }),
  detect: (text) => parseFraction(text, { min: 0, max: 1, lowOpen: true }),
  driftTolerance: parsePresencePoints,
} satisfies Record<keyof GateOptions, (text: string) => number | { expected: string }>;

/** The tokens `fail-on` takes: statuses, `error` (a suite failed to run), `never`, and `regression`, the old
 * default, which still means "regressed, judge drift or an error". */
export const FAIL_ON_TOKENS = [
  ...GATE_STATUSES.filter((s) => s !== 'pass' && s !== 'improved'),
  'error',
  'never',
  'regression',
] as const;

export interface FailOn {
  statuses: GateStatus[];
  /** Fail when a suite errored. */
  error: boolean;
}

export function parseFailOn(text: string): FailOn | { expected: string; found: string } {
  const tokens = text
    .split(/[\s,]+/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const statuses = new Set<GateStatus>();
  let error = false;
  for (const token of tokens) {
    if (token === 'never') continue;
    if (token === 'error') error = true;
    else if (token === 'regression') {
      statuses.add('regressed');
      statuses.add('judge-drift');
      error = true;
    } else if (
      (GATE_STATUSES as readonly string[]).includes(token) &&
      token !== 'pass' &&
      token !== 'improved'
    ) {
      statuses.add(token as GateStatus);
    } else {
      return { expected: `a list of ${FAIL_ON_TOKENS.join(', ')}`, found: token };
    }
  }
  if (tokens.includes('never') && tokens.length > 1) {
    return { expected: '`never` alone', found: text.trim() };
  }
  return { statuses: GATE_STATUSES.filter((s) => statuses.has(s)), error };
}
