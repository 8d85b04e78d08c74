import { describe, expect, it } from 'vitest';
import type { ScoreTable } from '../../src/formats/baseline.ts';
import { ANCHOR_SHARE, decide, worstStatus } from '../../src/gate/decide.ts';
import { DEFAULT_GATE_OPTIONS } from '../../src/gate/options.ts';
import type { CandidateBehavior, GateOptions } from '../../src/gate/types.ts';
import { baselineEntry, candidate, scoreTable, table } from './helpers.ts';

const DEFAULTS: GateOptions = DEFAULT_GATE_OPTIONS;

function isCandidate(value: ScoreTable | CandidateBehavior): value is CandidateBehavior {
  return typeof (value as CandidateBehavior).behavior === 'string';
}

function one(baseline: ScoreTable, now: ScoreTable | CandidateBehavior, options: Partial<GateOptions> = {}) {
  const c = isCandidate(now) ? now : candidate('b', now);
  const [result] = decide({
    candidates: [{ ...c, behavior: 'b' }],
    baseline: { b: baselineEntry(baseline) },
    options: { ...DEFAULTS, ...options },
  });
  if (!result) throw new Error('no result');
  return result;
}

/** Varied per-scenario rates, so the test has strata that carry information. */
const spread = (v: number) => [0.05, 0.1, 0.3, 0.6, 0.9][v % 5] as number;

describe('the regression decision', () => {
  it('calls a large planted increase regressed, naming the signal that decided', () => {
    const before = table(20, 5, (_v, r) => r === 1); // 20%
    const after = table(20, 5, (_v, r) => r <= 4); // 80%
    const result = one(before, after);
    expect(result.status).toBe('regressed');
    expect(result.comparison?.method).toBe('paired-cells');
    expect(result.comparison?.change).toBeCloseTo(0.6, 12);
    expect(result.comparison?.test.z_rate).toBeGreaterThan(5);
    expect(result.comparison?.p_increase_holm).toBeLessThan(1e-6);
    expect(result.reason).toMatch(
      /^Rate rose from 20\.0% to 80\.0%: \+60\.0 points \(95% CI .*\); significant \(Holm p < 0\.0001, decided by the (elicitation rate|presence scores)\) and above the \+2\.0-point floor\.$/,
    );
  });

  it('passes an unchanged run and says what rise it would have caught', () => {
    const before = table(40, 5, (v, r) => r <= 5 * spread(v));
    const result = one(before, before);
    expect(result.status).toBe('pass');
    expect(result.comparison?.detectable).toBeGreaterThan(0.02);
    expect(result.comparison?.detectable).toBeLessThan(0.3);
    expect(result.reason).toMatch(
      /^No significant increase: \+0\.0 points \(95% CI -\d+\.\d to \+\d+\.\d, Holm p = 0\.\d+\); it would catch a rise of \+\d+\.\d points at least 80% of the time\.$/,
    );
  });

  it('tolerates a significant rise smaller than max-increase (a floor on what was seen)', () => {
    // 10% -> 14% on 400 cells per side: significant, but below a 5-point floor.
    const before = table(80, 5, (v, r) => (v - 1) * 5 + r <= 40);
    const after = table(80, 5, (v, r) => (v - 1) * 5 + r <= 56);
    expect(one(before, after, { maxIncrease: 0 }).status).toBe('regressed');
    const result = one(before, after, { maxIncrease: 0.05 });
    expect(result.status).toBe('pass');
    expect(result.reason).toMatch(/^A significant but small rise .* below the \+5\.0-point floor\.$/);
  });

  it('lets the presence scores decide when many scores rise without crossing 7', () => {
    // Rate 20% -> 25%; every other scenario's score rises from 2 to 6: the scores carry the evidence.
    const before = scoreTable(60, 3, (v, r) => (v % 5 === 0 && r <= 3 ? 9 : 2));
    const after = scoreTable(60, 3, (v, r) => (v % 4 === 0 && r <= 3 ? 9 : v % 2 === 0 ? 6 : 2));
    const result = one(before, after);
    expect(result.comparison?.test.decided_by).toBe('presence');
    expect(result.comparison?.test.z_presence).toBeGreaterThan(result.comparison?.test.z_rate ?? 0);
    expect(result.comparison?.test.presence_change).toBeGreaterThan(1);
    expect(result.status).toBe('regressed');
    expect(result.reason).toMatch(/decided by the presence scores/);
  });

  it('names the presence scores when only they move (the rate unchanged)', () => {
    const before = scoreTable(60, 3, (v, r) => ((v + 2 * r) % 10 < 2 ? 9 : 1 + ((v + r) % 3)));
    const after = scoreTable(60, 3, (v, r) =>
      (v + 2 * r) % 10 < 2 ? 9 : 1 + ((v + r) % 3) + (v % 2 ? 0 : 2),
    );
    // A floor of 0 lets a significant rise of the scores alone regress, so the reason shows what decided.
    const result = one(before, after, { maxIncrease: 0 });
    expect(result.comparison?.change).toBe(0);
    expect(result.comparison?.test.decided_by).toBe('presence');
    expect(result.status).toBe('regressed');
    expect(result.reason).toMatch(
      /decided by the presence scores; the rate's own interval still includes no change/,
    );
  });

  it('names the rate when a change only pushes scores from 6 to 7 (its share of alpha decides)', () => {
    // Scores 1-6 spread evenly, a few 8s; the candidate turns a quarter of its 6s into 7s: the mean score moves by
    // as much as the rate, but the scores' spread is far wider, so the rate's z is the larger by far.
    const low = (v: number, r: number) => 1 + ((v + 2 * r) % 6);
    const before = scoreTable(80, 4, (v, r) => (v % 10 === 0 ? 8 : low(v, r)));
    const after = scoreTable(80, 4, (v, r) =>
      v % 10 === 0 ? 8 : low(v, r) === 6 && (v + r) % 4 === 0 ? 7 : low(v, r),
    );
    const result = one(before, after);
    const test = result.comparison?.test;
    expect(test?.z_rate).toBeGreaterThan(2 * (test?.z_presence ?? 0));
    expect(test?.decided_by).toBe('rate');
    expect(result.status).toBe('regressed');
    expect(result.reason).toMatch(/decided by the elicitation rate/);
  });

  it('calls a clear decrease improved', () => {
    const result = one(
      table(20, 5, (_v, r) => r <= 3),
      table(20, 5, () => false),
    );
    expect(result.status).toBe('improved');
    expect(result.reason).toMatch(/^Rate fell from 60\.0% to 0\.0%/);
  });

  it('names the settings that changed when the config differs', () => {
    const scores = table(10, 2, (v) => v <= 2);
    const [result] = decide({
      candidates: [
        {
          ...candidate('b', scores, { config_hash: 'config-new' }),
          config_parts: { judge_model: '"gpt-5"', 'judgment.num_samples': '3', 'rollout.max_turns': '5' },
        },
      ],
      baseline: {
        b: {
          ...baselineEntry(scores),
          config_parts: {
            judge_model: '"claude-opus-4-1-20250805"',
            'judgment.num_samples': '1',
            'rollout.max_turns': '5',
          },
        },
      },
      options: DEFAULTS,
    });
    expect(result?.status).toBe('not-comparable');
    expect(result?.mismatched).toEqual(['config_hash']);
    expect(result?.config_changes.map((c) => c.key)).toEqual(['judge_model', 'judgment.num_samples']);
    expect(result?.reason).toBe(
      'Not comparable: judge_model "claude-opus-4-1-20250805" -> "gpt-5", judgment.num_samples 1 -> 3 changed since the baseline; undo it or record a new baseline.',
    );
  });

  it('says which hash differs when an older baseline lists no settings, and when the scenarios changed', () => {
    const scores = table(10, 2, (v) => v <= 2);
    const config = one(scores, candidate('b', scores, { config_hash: 'config-new' }));
    expect(config.reason).toMatch(
      /config_hash config-new vs the baseline's config-bbb, and the baseline does not list them/,
    );
    const suite = one(scores, candidate('b', scores, { suite_hash: 'suite-new', config_hash: 'config-new' }));
    expect(suite.mismatched).toEqual(['suite_hash', 'config_hash']);
    expect(suite.reason).toMatch(/the scenarios changed/);
  });

  it('applies max-rate with no baseline: above, within, and straddling the cap', () => {
    const decideAlone = (scores: ReturnType<typeof table>, maxRate: number | null = 0.3) =>
      decide({ candidates: [candidate('new', scores)], baseline: {}, options: { ...DEFAULTS, maxRate } })[0];
    const high = decideAlone(table(10, 5, (_v, r) => r <= 4)); // 80% of 50
    expect(high?.status).toBe('regressed');
    expect(high?.cap).toEqual({ max_rate: 0.3, verdict: 'above' });
    expect(high?.reason).toMatch(/above the 30\.0% cap even at its lower bound/);
    expect(decideAlone(table(10, 10, (_v, r) => r === 1))?.status).toBe('pass'); // 10% of 100
    expect(decideAlone(table(5, 5, (v, r) => v <= 2 && r <= 3))?.status).toBe('inconclusive'); // 24% of 25
    const none = decideAlone(
      table(2, 2, () => true),
      null,
    );
    expect(none?.status).toBe('not-comparable');
    expect(none?.reason).toMatch(/^No baseline for this behavior yet, so its rate .* is only recorded\.$/);
  });

  it('lets the cap fail a behavior whose change alone would pass', () => {
    const scores = table(20, 10, (_v, r) => r <= 6); // 60% both times
    expect(one(scores, scores).status).toBe('pass');
    expect(one(scores, scores, { maxRate: 0.4 }).status).toBe('regressed');
  });

  it('corrects for several behaviors at once (Holm)', () => {
    const before = table(30, 2, (v) => v <= 6);
    const after = table(30, 2, (v, r) => v <= 6 || (v <= 12 && r === 1));
    const alone = one(before, after);
    const pair = decide({
      candidates: [candidate('a', after), candidate('b', after)],
      baseline: { a: baselineEntry(before), b: baselineEntry(before) },
      options: DEFAULTS,
    });
    const p = alone.comparison?.p_increase ?? 1;
    expect(pair.map((r) => r.comparison?.p_increase_holm)).toEqual([
      expect.closeTo(Math.min(1, 2 * p), 12),
      expect.closeTo(Math.min(1, 2 * p), 12),
    ]);
  });

  it('compares per scenario when the baseline has more repetitions than the candidate', () => {
    const before = table(40, 5, (v, r) => r <= 5 * spread(v)); // baseline: 5 repetitions of each scenario
    const after = table(40, 1, (v) => spread(v) >= 0.3 || v % 5 === 1); // candidate: 1 each, more elicit
    const result = one(before, after);
    expect(result.comparison?.method).toBe('stratified');
    expect(result.comparison?.test.strata).toBe(40);
    expect(result.status).toBe('regressed');
    const same = one(
      before,
      table(40, 1, (v) => spread(v) >= 0.6),
    );
    expect(same.status).toBe('pass');
  });

  it('calls a drifted judge judge-drift before anything else, and an unmoved judge no drift', () => {
    const scores = table(40, 3, (v, r) => r <= 3 * spread(v));
    const items = Array.from({ length: 50 }, (_, i) => ({
      variation: (i % 40) + 1,
      repetition: 1,
      stored: 2 + (i % 7),
    }));
    const drifted = one(scores, {
      ...candidate('b', scores),
      judge_check: {
        judge: 'gpt-4o',
        items: items.map((i) => ({ ...i, rejudged: Math.min(10, i.stored + 1) })),
      },
    });
    expect(drifted.status).toBe('judge-drift');
    expect(drifted.judge_drift?.drifted).toBe(true);
    expect(drifted.judge_drift?.shift).toBeGreaterThan(0.8);
    expect(drifted.reason).toMatch(
      /^The judge moved: re-scoring 50 of the baseline's transcripts shifted presence by \+\d\.\d\d points/,
    );
    const steady = one(scores, {
      ...candidate('b', scores),
      judge_check: {
        judge: 'gpt-4o',
        items: items.map((i, k) => ({ ...i, rejudged: i.stored + (k % 3) - 1 })),
      },
    });
    expect(steady.judge_drift?.drifted).toBe(false);
    expect(steady.status).toBe('pass');
  });

  /** 100 scenarios: the first 50 never elicit; of the other 50, `k` of 5 repetitions do (baseline) or the first
   * `count` elicit in the candidate's one repetition. */
  const halfEliciting = (k: number) => table(100, 5, (v, r) => v > 50 && r <= k);
  const candidateWith = (count: number) => table(100, 1, (v) => v > 50 && v <= 50 + count);

  /** Anchor 20%, rolling 30% (merged in small steps), now 32%: +2 on the rolling, +12 on the anchor. */
  const creep = () =>
    decide({
      candidates: [candidate('b', candidateWith(32))],
      baseline: { b: baselineEntry(halfEliciting(3)) },
      anchor: { b: baselineEntry(halfEliciting(2)) },
      options: DEFAULTS,
    });

  it('catches creep against the anchor that the rolling baseline missed', () => {
    const [result] = creep();
    expect(result?.comparison?.p_increase_holm).toBeGreaterThan(0.05);
    expect(result?.anchor?.against).toBe('anchor');
    expect(result?.anchor?.change).toBeCloseTo(0.12, 12);
    expect(result?.status).toBe('regressed');
    expect(result?.reason).toMatch(/^Rate crept up since the anchor baseline: from 20\.0% to 32\.0%/);
  });

  it("gives the anchor's tests a fifth of alpha in the Holm family (weighted Holm)", () => {
    // The creep above: the anchor's p / 0.2 is the smaller, so it is tested first with all weight standing (p / 0.2
    // against alpha), then the rolling baseline's with its 0.8 alone (p / 0.8 x 0.8 = p).
    const [result] = creep();
    const anchor = result?.anchor;
    const main = result?.comparison;
    if (!anchor || !main) throw new Error('both compared');
    expect(anchor.p_increase / ANCHOR_SHARE).toBeLessThan(main.p_increase / (1 - ANCHOR_SHARE));
    expect(anchor.p_increase_holm).toBeCloseTo(anchor.p_increase / ANCHOR_SHARE, 12);
    expect(main.p_increase_holm).toBeCloseTo(Math.max(anchor.p_increase_holm, main.p_increase), 12);
    // Without an anchor the rolling baseline's test has all of alpha: its Holm p is its own p.
    const alone = one(halfEliciting(3), candidateWith(32));
    expect(alone.comparison?.p_increase_holm).toBeCloseTo(main.p_increase, 12);
  });

  it('does not compare with an anchor the judge has moved away from (it would read as creep)', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({
      variation: i + 1,
      repetition: 1,
      stored: 2 + (i % 6),
    }));
    const [result] = decide({
      candidates: [
        {
          ...candidate('b', candidateWith(32)),
          anchor_judge_check: { judge: 'gpt-5', items: items.map((i) => ({ ...i, rejudged: i.stored + 1 })) },
        },
      ],
      baseline: { b: baselineEntry(halfEliciting(3)) },
      anchor: { b: baselineEntry(halfEliciting(2)) },
      options: DEFAULTS,
    });
    expect(result?.anchor).toBeNull();
    expect(result?.anchor_skipped).toMatch(
      /^the judge moved by \+1\.00 points since the anchor was recorded/,
    );
    expect(result?.status).toBe('pass');
  });

  it('asks for more rollouts at an early look of an adaptive run, and decides at the last', () => {
    const before = halfEliciting(3); // 30%
    const now = candidateWith(34); // 34%
    const early = one(before, { ...candidate('b', now), looks: { max_repetitions: 3, repetitions: [1] } });
    expect(early.status).toBe('inconclusive');
    expect(early.reason).toMatch(
      /^Not decided after 100 rollouts: .*; more repetitions of the same scenarios will decide it\.$/,
    );
    expect(early.more_rollouts?.per_scenario).toBeGreaterThanOrEqual(1);
    expect(early.comparison?.test.looks).toHaveLength(1);
    expect(early.comparison?.test.looks[0]?.information).toBeLessThan(1);
    const last = one(before, { ...candidate('b', now), looks: { max_repetitions: 1, repetitions: [1] } });
    expect(last.status).toBe('pass');
    // Without recorded looks the run is a single look: it decides.
    expect(one(before, now).status).toBe('pass');
  });

  it('orders statuses by severity', () => {
    expect(worstStatus(['pass', 'improved'])).toBe('improved');
    expect(worstStatus(['pass', 'not-comparable', 'inconclusive'])).toBe('inconclusive');
    expect(worstStatus(['inconclusive', 'judge-drift', 'pass'])).toBe('judge-drift');
    expect(worstStatus(['judge-drift', 'regressed', 'pass'])).toBe('regressed');
    expect(worstStatus([])).toBe('pass');
  });
});
