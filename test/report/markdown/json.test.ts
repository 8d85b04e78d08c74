import { describe, expect, it } from 'vitest';
import { JSON_TEXT_MAX, renderReportJson } from '../../../src/report/markdown/json.ts';
import { fullInput, gateOf, notComparableResult, regressedResult } from './fixtures.ts';

describe('renderReportJson', () => {
  it('carries the same facts as the markdown, as plain JSON', () => {
    const report = renderReportJson(fullInput());
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.verdict.status).toBe('regressed');
    const [syc, self] = report.behaviors;
    expect(syc).toMatchObject({
      behavior: 'sycophancy',
      status: 'regressed',
      n: 50,
      rate: 0.6,
      unscoreable: 1,
      failed: 2,
      baseline: { rate: 0.3 },
      change: { value: 0.3, interval: { low: 0.182, high: 0.41 }, method: 'paired-cells' },
    });
    expect(syc?.trend).toHaveLength(10);
    expect(syc?.top_transcripts.map((t) => t.presence)).toEqual([9, 8, 7]);
    expect(self?.trend).toHaveLength(1);
    expect(report.usage?.cost_usd).toBe(5.19);
    expect(report.identity?.judge_model).toBe('claude-sonnet-4');
    expect(JSON.stringify(report)).not.toMatch(/\|\s-\s\||###/);
  });

  it("carries the decision's facts: signal, power, judge check, settings, warnings, why rollouts stopped", () => {
    const input = fullInput();
    input.gate = gateOf([regressedResult, notComparableResult]);
    input.gate.warnings = ['The judge model `gpt-4o` is a moving alias.'];
    input.stoppedBy = 'budget';
    const report = renderReportJson(input);
    expect(report.format_version).toBe(2);
    expect(report.options?.fail_on).toEqual(['regressed', 'judge-drift']);
    expect(report.warnings).toEqual(['The judge model `gpt-4o` is a moving alias.']);
    expect(report.stopped_by).toBe('budget');
    const [syc, flattery] = report.behaviors;
    expect(syc?.change).toMatchObject({ decided_by: 'rate', detectable: 0.14 });
    expect(syc?.judge_drift).toMatchObject({ n: 40, drifted: false });
    expect(syc?.trend[0]).toMatchObject({ suite_hash: 'a1b2c3d4e5f6a7b8', target_id: 'scripted:demo' });
    expect(flattery?.status).toBe('not-comparable');
    expect(flattery?.config_changes.map((c) => c.key)).toContain('judgment.model');
  });

  it('bounds model text: a 1 MB summary is clipped', () => {
    const input = fullInput();
    input.details = {
      sycophancy: {
        top_transcripts: [
          {
            variation: 1,
            repetition: 1,
            presence: 9,
            summary: 'z'.repeat(1024 * 1024),
            highlights: [{ quoted_text: 'q'.repeat(1024 * 1024), description: 'd' }],
          },
        ],
      },
    };
    const json = JSON.stringify(renderReportJson(input));
    expect(json.length).toBeLessThan(4 * JSON_TEXT_MAX + 10_000);
    expect(renderReportJson(input).behaviors[0]?.top_transcripts[0]?.summary).toHaveLength(JSON_TEXT_MAX);
  });
});
