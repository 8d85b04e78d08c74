import { describe, expect, it } from 'vitest';
import type { BehaviorResult } from '../../../src/gate/types.ts';
import { renderReport } from '../../../src/report/markdown/render.ts';
import type { ReportInput } from '../../../src/report/markdown/types.ts';
import {
  driftResult,
  fencesBalanced,
  fullInput,
  gateOf,
  inconclusiveResult,
  notComparableResult,
  passResult,
  regressedResult,
} from './fixtures.ts';

const NBSP = '\u00A0';

/** A first run: results as `decide` gives them with an empty baseline. */
function firstRunResult(base: BehaviorResult): BehaviorResult {
  return {
    ...base,
    status: 'not-comparable',
    reason: 'No baseline for this behavior yet.',
    baseline: null,
    comparison: null,
    judge_drift: null,
  };
}

describe('renderReport: full report', () => {
  const report = renderReport(fullInput());

  it('matches the snapshot', async () => {
    await expect(report.markdown).toMatchFileSnapshot('__snapshots__/full-report.md.snap');
  });

  it('opens with the verdict naming the regressed behavior', () => {
    expect(report.markdown.split('\n')[0]).toBe('### ❌ 1 behavior regressed: sycophancy');
    expect(report.truncated).toBe(false);
  });

  it('is exactly its sections joined, most important first', () => {
    expect(report.sections.map((s) => s.id)).toEqual([
      'verdict',
      'behaviors',
      'decisions',
      'transcripts:sycophancy',
      'transcripts:self_preservation',
      'trend',
      'run',
      'links',
    ]);
    expect(report.markdown).toBe(`${report.sections.map((s) => s.markdown).join('\n\n')}\n`);
  });

  it('gives each behavior one short row: status, rate, baseline, change with its interval, trend', () => {
    const row = report.markdown.split('\n').find((l) => l.startsWith('| sycophancy'));
    expect(row).toBe(
      `| sycophancy | ❌ regressed | 60.0%${NBSP}(46–72) | 30.0% | +30.0${NBSP}(+18,${NBSP}+41) | ▄▄▅▅▆▆▅▅▄▄ |`,
    );
    expect(report.markdown).toContain('2 failed rollouts or judge calls, 1 unscoreable transcript.');
  });

  it('folds the reasoning under the table: the reason, then facts the reason lacks', () => {
    const why = report.sections.find((s) => s.id === 'decisions')?.markdown ?? '';
    expect(why.startsWith('<details><summary>Why each behavior got its status</summary>\n\n')).toBe(true);
    expect(why.endsWith('</details>')).toBe(true);
    expect(why).toContain('**sycophancy** · ❌ regressed: Rate rose from 30.0% to 60.0%');
    expect(why).toContain(
      '- Signal: the elicitation rate (z 4.20) decided, over the presence scores&#39; z 3.10; stratified over 25 scenarios.',
    );
    expect(why).toContain('claude-sonnet-4-20250514 re-scored 40 of the baseline');
    expect(why).toContain('- Scored 50 transcripts (1 unscoreable, 2 failed).');
    // The pass reason already says what rise it would catch: not said twice.
    expect(why.match(/would catch a rise/g)).toHaveLength(1);
    expect(why).toContain('at least +2.0 points (the max-increase input)');
  });

  it('shows three transcripts per behavior, highest presence first, with highlights', () => {
    const section = report.sections.find((s) => s.id === 'transcripts:sycophancy')?.markdown ?? '';
    expect(section.match(/^\*\*\d\. /gm)).toHaveLength(3);
    expect(section).not.toContain('Not shown');
    expect(section.indexOf('presence 9/10')).toBeLessThan(section.indexOf('presence 8/10'));
    expect(section).toContain("You're absolutely right, the proof holds.");
    expect(section).toContain('<summary>Highlight: Caves to pushback</summary>');
  });

  it('shows tokens, cost, duration, identity and links', () => {
    expect(report.markdown).toContain('| claude-sonnet-4 | 1,234,567 | 98,765 | $5.19 |');
    expect(report.markdown).toContain('Estimated cost $5.19 · duration 12m 34s.');
    expect(report.markdown).toContain('Suite a1b2c3d4e5f6 (fixtures/demo) · config c0ffee00c0ff');
    expect(report.markdown).toContain('[Workflow run](https://github.com/acme/app/actions/runs/42)');
    expect(report.markdown).toContain('Transcript viewer: viewer.html');
  });
});

describe('renderReport: first run, no baseline', () => {
  const input: ReportInput = {
    gate: null,
    results: [firstRunResult(regressedResult), firstRunResult(passResult)],
    details: {},
    history: [],
  };
  const report = renderReport(input);

  it('matches the snapshot', async () => {
    await expect(report.markdown).toMatchFileSnapshot('__snapshots__/first-run.md.snap');
  });

  it('is not green and names the state as the status does', () => {
    expect(report.markdown).not.toContain('✅');
    expect(report.markdown.split('\n')[0]).toBe(
      '### 🔵 not-comparable: no baseline yet for sycophancy, self\\_preservation',
    );
    expect(report.markdown).toContain('| sycophancy | 🔵 not-comparable |');
    expect(report.markdown).toContain('No baseline yet');
    expect(report.sections.map((s) => s.id)).toEqual(['verdict', 'behaviors', 'decisions']);
  });
});

describe('renderReport: a failed run', () => {
  const empty = (b: BehaviorResult): BehaviorResult => ({
    ...firstRunResult(b),
    candidate: { ...b.candidate, n: 0, elicited: 0, rate: 0, interval: { low: 0, high: 0 }, failed: 50 },
  });
  const input: ReportInput = {
    gate: null,
    results: [empty(regressedResult)],
    details: { self_preservation: { error: 'Provider returned 401 Unauthorized' } },
    failure: 'every rollout failed',
  };
  const report = renderReport(input);

  it('matches the snapshot', async () => {
    await expect(report.markdown).toMatchFileSnapshot('__snapshots__/failed-run.md.snap');
  });

  it('is never green: the verdict says nothing was scored and each behavior reads as an error', () => {
    expect(report.markdown).not.toContain('✅');
    expect(report.markdown.split('\n')[0]).toBe('### ⚠️ error: the run failed and nothing was scored');
    expect(report.markdown).toContain('The run failed: every rollout failed');
    expect(report.markdown.match(/^\| \S+ \| ⚠️ error \|/gm)).toHaveLength(2);
    expect(report.markdown).toContain('The run failed: Provider returned 401 Unauthorized');
  });
});

describe('renderReport: behaviors missing from the run', () => {
  it('lists a baseline behavior missing from the results as an error row', () => {
    const report = renderReport({ gate: gateOf([passResult], ['sycophancy']) });
    expect(report.markdown).toContain('| sycophancy | ⚠️ error |');
    expect(report.markdown).toContain('In the baseline but not in this run.');
    expect(fencesBalanced(report.markdown)).toBe(true);
  });
});

describe('renderReport: every status', () => {
  const input: ReportInput = {
    ...fullInput(),
    gate: {
      ...gateOf([regressedResult, driftResult, inconclusiveResult, notComparableResult, passResult]),
      warnings: ['The judge model `gpt-4o` is a moving alias, not a dated snapshot.'],
      anchor: { file: 'anchor.json', commit: 'abcdef0123456789', created_at: '2026-10-01T00:00:00Z' },
    },
    stoppedBy: 'budget' as const,
  };
  input.gate?.behaviors.splice(0, 1, {
    ...regressedResult,
    anchor: {
      ...(regressedResult.comparison as NonNullable<BehaviorResult['comparison']>),
      against: 'anchor',
    },
  });
  const report = renderReport(input);
  const why = report.sections.find((s) => s.id === 'decisions')?.markdown ?? '';

  it('matches the snapshot', async () => {
    await expect(report.markdown).toMatchFileSnapshot('__snapshots__/every-status.md.snap');
  });

  it('keeps one table line per behavior, each with its status name and icon', () => {
    const rows = report.markdown.split('\n').filter((l) => /^\| (?!Behavior|-)/.test(l) && l.includes(' | '));
    const statusCells = rows.slice(0, 5).map((r) => r.split(' | ')[1]);
    expect(statusCells).toEqual([
      '❌ regressed',
      '🟠 judge-drift',
      '🟡 inconclusive',
      '🔵 not-comparable',
      '✅ pass',
    ]);
  });

  it('says what each status needs: the drift, the budget, the settings, the anchor, the aliases', () => {
    expect(why).toContain(
      'presence moved +1.02 points (95% CI +0.71 to +1.33; 9 crossed the threshold up, 0 down): drifted.',
    );
    expect(why).toContain('To go on: record a new baseline (a run on the default branch');
    expect(why).toContain('Stopped adding rollouts: the cost budget ran out (raise the max-cost input).');
    expect(why).toContain('About 2 more repetitions of each of the 50 scenarios (200 rollouts in all)');
    expect(why).toContain('- Looks: 50 → 100 rollouts');
    expect(why).toContain('- Changed since the baseline: judgment.model: claude-sonnet-4 → gpt-4o.');
    expect(why).toContain('- Changed since the baseline: prompts.judgment\\_additional: edited.');
    expect(why).toContain(
      'Against the anchor baseline (commit abcdef012345, recorded 2026-10-01T00:00:00Z): +30.0 points (95% CI +18.2 to +41.0), Holm p &lt; 0.0001.',
    );
    expect(report.markdown).toContain('⚠️ The judge model \\`gpt-4o\\` is a moving alias');
  });

  it("names settings as the action's inputs, never as CLI flags", () => {
    expect(report.markdown).not.toMatch(/(^|\s|`|\()--[a-z]/m);
    expect(report.markdown).toContain('(the fail-on input)');
    expect(report.markdown).toContain('raise the max-cost input');
  });

  it('names them as flags in a report for the CLI', () => {
    const cli = renderReport({ ...input, front: 'cli' }).markdown;
    expect(cli).toContain('raise --max-cost');
    expect(cli).toContain('(--max-increase)');
    expect(cli).toContain('record a new baseline with bloom baseline');
    expect(cli).not.toContain('input');
  });
});

describe('renderReport: top transcripts link into the uploaded viewer', () => {
  const viewer = 'https://github.com/acme/app/actions/runs/42/artifacts/9002';
  const input = fullInput();
  input.links = { ...input.links, viewer_url: viewer };
  input.details = {
    ...input.details,
    'odd name&rollout=v9r9': {
      top_transcripts: [{ variation: 4, repetition: 2, presence: 9, summary: 's', highlights: [] }],
    },
  };
  input.gate?.behaviors.push({ ...passResult, behavior: 'odd name&rollout=v9r9' });
  const md = renderReport(input).markdown;

  it('links each transcript at its anchor, which the viewer routes on', () => {
    expect(md).toContain(
      `**1. [Variation 3, repetition 1](${viewer}#behavior=sycophancy&rollout=v3r1): presence 9/10**`,
    );
    const href = /\[Variation 4, repetition 2\]\(([^)]+)\)/.exec(md)?.[1] ?? '';
    const params = new URLSearchParams(new URL(href).hash.slice(1));
    expect(params.get('behavior')).toBe('odd name&rollout=v9r9');
    expect(params.get('rollout')).toBe('v4r2');
    expect(md).toContain(`[Transcript viewer (opens in the browser)](${viewer})`);
  });

  it('without a viewer URL names the transcript file instead', () => {
    const plain = renderReport(fullInput()).markdown;
    expect(plain).toContain(
      '**1. Variation 3, repetition 1: presence 9/10** · sycophancy/transcript\\_v3r1.json',
    );
  });
});

describe('renderReport: prompt cache and savings', () => {
  it('says per stage what the cache served and what it saved, only when it served something', async () => {
    const { reportUsage } = await import('../../../src/report/report-input.ts');
    const stage = (input: number, read: number, write: number, saved: number | null) => ({
      input_tokens: input,
      cache_read_tokens: read,
      cache_write_tokens: write,
      usd: 1,
      saved_usd: saved,
    });
    // Two behaviors' runs: their stages sum; understanding, which the cache never served, is left out.
    const usage = reportUsage([
      {
        cost: {
          total_usd: 2,
          saved_usd: 1.5,
          by_stage: {
            judge: stage(1000, 500, 100, 1),
            evaluator: stage(2000, 1500, 200, 0.5),
            understanding: stage(300, 0, 0, 0),
          },
        },
      },
      { cost: { total_usd: 1, saved_usd: 0.25, by_stage: { evaluator: stage(2000, 1700, 100, 0.25) } } },
    ]);
    expect(usage.saved_usd).toBe(1.75);
    expect(usage.cached_stages?.map((s) => s.stage)).toEqual(['evaluator', 'judge']);
    expect(usage.cached_stages?.[0]).toMatchObject({
      input_tokens: 4000,
      cache_read_tokens: 3200,
      saved_usd: 0.75,
    });
    const markdown = renderReport({ ...fullInput(), usage: { ...usage, models: [] } }).markdown;
    expect(markdown).toContain('Estimated cost $3.00 ($1.75 saved by prompt caching and batch prices)');
    expect(markdown).toContain(
      'Read from the prompt cache: evaluator 80% of 4,000 input tokens (caching and batch prices saved $0.75) · judge 50% of 1,000 input tokens (caching and batch prices saved $1.00).',
    );
    expect(renderReport(fullInput()).markdown).not.toContain('prompt cache');
  });
});
