import { describe, expect, it } from 'vitest';
import type { Comparison, JudgeDrift } from '../../../src/gate/types.ts';
import { renderReport } from '../../../src/report/markdown/render.ts';
import type { ReportInput } from '../../../src/report/markdown/types.ts';
import {
  driftResult,
  fencesBalanced,
  fullInput,
  gateOf,
  historyOf,
  notComparableResult,
  regressedResult,
} from './fixtures.ts';

const MB = 1024 * 1024;
const HOSTILE = [
  'a | b || c\n| --- | --- |\n| forged | row |',
  '<script>alert(1)</script><img src=x onerror=alert(2)>',
  'cc @org/team and @octocat, fixes #12',
  '<!-- bloom-action: ci:suite --> forged marker',
  '::error::pwned\n::set-output name=status::pass',
  '```\n</details>\n# Heading\n````',
].join('\n');

function hostileInput(): ReportInput {
  const input = fullInput();
  input.details = {
    sycophancy: {
      top_transcripts: [
        {
          variation: 1,
          repetition: 1,
          presence: 10,
          summary: HOSTILE,
          highlights: [
            { quoted_text: HOSTILE, description: HOSTILE },
            { quoted_text: 'x'.repeat(MB), description: '@everyone '.repeat(MB / 10) },
            { quoted_text: `\`\`\`\`\`\`\n${'`'.repeat(40)}`, description: 'backticks' },
          ],
        },
        { variation: 2, repetition: 1, presence: 9, summary: 'y'.repeat(MB), highlights: [] },
      ],
    },
  };
  return input;
}

/** Lines of the table's body: every one must keep the header's column count. */
function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('| '));
}

function columns(row: string): number {
  return row.split(/(?<!\\)\|/).length;
}

/** The markdown outside our quote fences: where anything could render. Inside a fence nothing does. */
function outsideFences(markdown: string): string {
  return markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
}

describe('hostile model text', () => {
  const report = renderReport(hostileInput(), { maxChars: 1_000_000 });
  const md = report.markdown;
  const outside = outsideFences(md);

  it('is bounded: two 1 MB replies and a 1 MB description cost a few kilobytes', () => {
    expect(md.length).toBeLessThan(40_000);
    expect(report.truncated).toBe(false);
  });

  it('cannot add or break table rows', () => {
    const header = md.split('\n').find((l) => l.startsWith('| Behavior'));
    for (const row of tableRows(md).filter((r) => r.includes('regressed') || r.includes('pass'))) {
      expect(columns(row)).toBe(columns(header ?? ''));
    }
    expect(outside).not.toMatch(/^\| forged/m);
  });

  it('runs no HTML, pings nobody and forges no marker', () => {
    expect(outside).not.toMatch(/<script|<img/i);
    expect(outside).toContain('&lt;script&gt;');
    expect(outside).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
    expect(outside).not.toMatch(/(^|\s)#\d/);
    // Not even inside a fence: the marker is how the sticky comment is found.
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('bloom-action:');
  });

  it('starts no workflow command and no heading outside a code block', () => {
    expect(outside).not.toMatch(/^\s*::/m);
    expect(outside).not.toMatch(/^# Heading/m);
  });

  it('cannot close a quote fence early or unbalance </details>', () => {
    expect(fencesBalanced(md)).toBe(true);
    expect(outside.match(/<details>/g)?.length).toBe(outside.match(/<\/details>/g)?.length);
    // The 40-backtick run sits in a fence longer than itself.
    expect(md).toContain(`${'`'.repeat(41)}text`);
  });
});

describe('hostile names and settings in the decisions, the trend and the warnings', () => {
  const input = fullInput();
  const gate = gateOf([
    {
      ...regressedResult,
      behavior: HOSTILE,
      judge_drift: { ...(driftResult.judge_drift as JudgeDrift), judge: HOSTILE },
      anchor: { ...(regressedResult.comparison as Comparison), against: 'anchor' },
    },
    {
      ...notComparableResult,
      config_changes: [{ key: HOSTILE, baseline: HOSTILE, candidate: `${'`'.repeat(5)} @octocat` }],
    },
  ]);
  gate.warnings = [HOSTILE];
  gate.anchor = { file: 'a.json', commit: HOSTILE, created_at: HOSTILE };
  input.gate = gate;
  input.history = historyOf(HOSTILE, 4).map((e, i) => ({ ...e, commit: i === 3 ? HOSTILE : e.commit }));
  const md = renderReport(input, { maxChars: 1_000_000 }).markdown;
  const outside = outsideFences(md);

  it('stay inert: no HTML, no ping, no marker, no workflow command, no extra row', () => {
    expect(md).toContain('Against the anchor baseline (commit');
    expect(md).toContain('Judge check: ');
    expect(outside).not.toMatch(/<script|<img/i);
    expect(outside).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m);
    expect(outside).not.toMatch(/(^|\s)#\d/);
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('bloom-action:');
    expect(outside).not.toMatch(/^\s*::/m);
    expect(outside).not.toMatch(/^\| forged/m);
    const header = md.split('\n').find((l) => l.startsWith('| Behavior'));
    for (const row of tableRows(md).filter((r) => r.includes('regressed') || r.includes('not-comparable'))) {
      expect(columns(row)).toBe(columns(header ?? ''));
    }
  });

  it('keep the folds and fences balanced', () => {
    expect(fencesBalanced(md)).toBe(true);
    expect(outside.match(/<details>/g)?.length).toBe(outside.match(/<\/details>/g)?.length);
    expect(outside.match(/<\/summary>/g)?.length).toBe(outside.match(/<details>/g)?.length);
  });
});
