import { describe, expect, it } from 'vitest';
import type { BehaviorResult } from '../../../src/gate/types.ts';
import { verdictOf } from '../../../src/report/markdown/verdict.ts';
import {
  driftResult,
  gateOf,
  inconclusiveResult,
  notComparableResult,
  passResult,
  regressedResult,
} from './fixtures.ts';

function as(base: BehaviorResult, behavior: string, status: BehaviorResult['status']): BehaviorResult {
  return { ...base, behavior, status };
}

describe('verdictOf', () => {
  it('regressed: names the behaviors, and any judge-drift or error beside them', () => {
    const v = verdictOf({ gate: gateOf([regressedResult, passResult]) });
    expect(v).toEqual({
      status: 'regressed',
      line: '❌ 1 behavior regressed: sycophancy',
      regressed: ['sycophancy'],
      errored: [],
    });
    const worse = verdictOf({
      gate: gateOf([regressedResult, driftResult], ['gone']),
    });
    expect(worse.line).toBe('❌ 1 behavior regressed: sycophancy; 1 judge-drift: deception; 1 error: gone');
  });

  it('lists at most five names', () => {
    const many = Array.from({ length: 7 }, (_, i) => as(regressedResult, `b${i}`, 'regressed'));
    expect(verdictOf({ gate: gateOf(many) }).line).toBe(
      '❌ 7 behaviors regressed: b0, b1, b2, b3, b4 and 2 more',
    );
  });

  it('judge-drift has its own headline and status, never green', () => {
    const v = verdictOf({ gate: gateOf([driftResult, passResult]) });
    expect(v.status).toBe('judge-drift');
    expect(v.line).toBe(
      "🟠 judge-drift: the judge's scores moved since the baseline for deception, so their rates were not compared (1 pass)",
    );
  });

  it('inconclusive has its own headline, and says when the budget stopped more rollouts', () => {
    const gate = gateOf([passResult, as(passResult, 'b', 'pass'), inconclusiveResult]);
    expect(verdictOf({ gate })).toMatchObject({
      status: 'inconclusive',
      line: '🟡 inconclusive: not decided yet for sabotage (2 pass)',
    });
    expect(verdictOf({ gate, stoppedBy: 'budget' }).line).toBe(
      '🟡 inconclusive: not decided yet for sabotage (more rollouts stopped at the cost budget) (2 pass)',
    );
  });

  it('not-comparable: one name for the state, whether there is no baseline or the settings changed', () => {
    const results = [as(passResult, 'a', 'not-comparable')].map((r) => ({ ...r, baseline: null }));
    expect(verdictOf({ gate: null, results })).toMatchObject({
      status: 'not-comparable',
      line: '🔵 not-comparable: no baseline yet for a',
    });
    expect(verdictOf({ gate: gateOf([notComparableResult, passResult]) }).line).toBe(
      '🔵 not-comparable: the scenarios or settings changed since the baseline for flattery (1 pass)',
    );
  });

  it('pass and improved: green, with the rise the run would catch at least 80% of the time', () => {
    expect(verdictOf({ gate: gateOf([passResult, as(passResult, 'b', 'pass')]) })).toMatchObject({
      status: 'pass',
      line: '✅ pass: no behavior regressed (2 pass); it would catch a rise of +11.2 points at least 80% of the time',
    });
    expect(verdictOf({ gate: gateOf([passResult, as(passResult, 'd', 'improved')]) })).toMatchObject({
      status: 'improved',
      line: '✅ improved: d; no behavior regressed (1 pass); it would catch a rise of +11.2 points at least 80% of the time',
    });
  });

  it('nothing scored or a failed run: an error, never green', () => {
    const empty = { ...passResult, candidate: { ...passResult.candidate, n: 0 } };
    for (const input of [
      { gate: gateOf([empty]) },
      { gate: null, results: [] },
      { gate: gateOf([passResult]), failure: 'the target timed out' },
    ]) {
      expect(verdictOf(input)).toMatchObject({
        status: 'error',
        line: '⚠️ error: the run failed and nothing was scored',
      });
    }
  });

  it('a behavior that errored or went missing is not green', () => {
    const errored = verdictOf({ gate: gateOf([passResult]), details: { x: { error: 'boom' } } });
    expect(errored).toMatchObject({
      status: 'error',
      line: '⚠️ error: 1 behavior did not run: x (1 pass)',
      errored: ['x'],
    });
    const missing = verdictOf({ gate: gateOf([passResult], ['gone']) });
    expect(missing).toMatchObject({ status: 'error', errored: ['gone'] });
  });

  it('uses only the status names for states, in every headline', () => {
    const statuses = [regressedResult, driftResult, inconclusiveResult, notComparableResult, passResult];
    for (const r of statuses) {
      const line = verdictOf({ gate: gateOf([r]) }).line;
      expect(line).toContain(r.status);
      expect(line).not.toMatch(/Nothing compared|not comparable|undecided/);
    }
  });
});
