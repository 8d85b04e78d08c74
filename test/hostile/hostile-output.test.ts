// Hostile model output in a results folder: markdown and HTML injection, @mentions, our comment marker,
// workflow commands, zero-width and right-to-left characters, a 1 MB reply. Written straight into the files
// (no model needed), then `bloom report`, `bloom view`, `bloom report --format inspect` and the markdown
// renderer must leave it inert and bounded. The viewer's DOM is checked by its browser test; here, the files.

import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JudgmentFile } from '../../src/formats/judgment.ts';
import type { RunInfo } from '../../src/formats/run-info.ts';
import type { GateResult } from '../../src/gate/types.ts';
import { renderReport } from '../../src/report/markdown/index.ts';
import { renderReportJson } from '../../src/report/markdown/json.ts';
import { COMMENT_MAX_CHARS } from '../../src/report/markdown/render.ts';
import type { ReportInput } from '../../src/report/markdown/types.ts';
import { type BehaviorFiles, behaviorDetails } from '../../src/report/report-input.ts';
import { dataBlock, embeddedData } from '../report/viewer/embedded.ts';
import { type CliResult, runCli } from '../support/cli.ts';
import { type DemoCopy, demoCopy } from '../targets/demo-copy.ts';

type Plain = Record<string, unknown>;

const ATTACKS = [
  '<script>alert("xss")</script>',
  '</script><script>alert(2)</script>',
  '<img src=x onerror=alert(3)>',
  '<a href="javascript:alert(4)">click</a>',
  '[click me](javascript:alert(5)) ![pixel](https://evil.example/p.png)',
  '| fake | table |\n|---|---|\n| row | injected |',
  '```\nfence break\n```',
  '<!-- bloom-action:sticky-comment -->',
  '@octocat @github/security please look at #1',
  'and GH-123, acme/models#9, https://github.com/acme/models/issues/1, http://evil.example/x, www.evil.example',
  'hidden tag text\u{E0069}\u{E0067}\u{E006E} and smuggled bytes\u{E0101}\uFE02 and LRO\u202D',
  '::error file=src/a.ts,line=1::pwned',
  '::set-output name=verdict::pass',
  '::add-mask::everything',
  '##[error]legacy command',
  '::stop-commands::x',
  'zero\u200Bwidth\u200Djoiner\uFEFFbom',
  'right-to-left \u202Eexe.txt\u202C and isolate \u2066hidden\u2069',
  '\u001b[31mterminal escape\u001b[0m',
].join('\n');

/** A megabyte of reply, with an attack at its very end. */
const HUGE = `${'A'.repeat(1_000_000)}\n${ATTACKS}`;

const BIDI_AND_INVISIBLE =
  /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E0FFF}]|[\uFE00-\uFE0D]/u;

async function editJson(path: string, edit: (data: Plain) => void): Promise<void> {
  const data = JSON.parse(await readFile(path, 'utf8')) as Plain;
  edit(data);
  await writeFile(path, JSON.stringify(data, null, 2));
}

/** Puts the attacks into every piece of model text the results hold; one reply becomes 1 MB. */
async function poison(copy: DemoCopy): Promise<void> {
  const dir = copy.behaviorDir;
  await editJson(join(dir, 'judgment.json'), (j) => {
    for (const [i, judgment] of (j.judgments as Plain[]).entries()) {
      judgment.summary = i === 0 ? HUGE : `Summary ${i}\n${ATTACKS}`;
      judgment.justification = ATTACKS;
      judgment.variation_description = ATTACKS;
      judgment.full_judgment_response = ATTACKS;
      judgment.highlights = [
        { index: 1, description: ATTACKS, quoted_text: HUGE },
        { index: 2, description: `@octocat ${ATTACKS}`, quoted_text: ATTACKS },
      ];
    }
    j.metajudgment_justification = ATTACKS;
  });
  await editJson(join(dir, 'ideation.json'), (d) => {
    for (const v of d.variations as Plain[]) v.description = ATTACKS;
  });
  await editJson(join(dir, 'understanding.json'), (u) => {
    u.understanding = ATTACKS;
    u.scientific_motivation = ATTACKS;
  });
  const transcripts = (await readdir(dir)).filter((f) => /^transcript_v\d+r\d+\.json$/.test(f));
  for (const [i, file] of transcripts.entries()) {
    await editJson(join(dir, file), (t) => {
      (t.metadata as Plain).description = ATTACKS;
      (t.metadata as Plain).target_system_prompt = ATTACKS;
      for (const event of t.events as Plain[]) {
        const message = (event.edit as Plain | undefined)?.message as Plain | undefined;
        if (message && typeof message.content === 'string') {
          message.content = i === 0 && message.role === 'assistant' ? HUGE : `${message.content}\n${ATTACKS}`;
        }
      }
    });
  }
}

/** No line a runner would read as a workflow command, no terminal escapes, and no attack text at all. */
function expectInertLog(result: CliResult): void {
  for (const stream of [result.stdout, result.stderr]) {
    for (const line of stream.split('\n')) {
      expect(line.trimStart().startsWith('::'), line).toBe(false);
      expect(line).not.toContain('##[');
    }
    expect(stream).not.toContain('\u001b');
    expect(stream).not.toMatch(BIDI_AND_INVISIBLE);
    expect(stream).not.toContain('alert(');
  }
}

/** Total size of the files in `dir` (the poisoned results). */
async function filesSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir))
    if (name.endsWith('.json')) total += (await stat(join(dir, name))).size;
  return total;
}

let copy: DemoCopy;
let clean: { viewer: string };
beforeAll(async () => {
  copy = await demoCopy({});
  const run = await runCli(['run', copy.dir, '--results', copy.results]);
  if (run.code !== 0) throw new Error(run.stderr);
  const view = await runCli(['view', copy.results, '--out', join(copy.results, '..', 'clean-viewer.html')]);
  if (view.code !== 0) throw new Error(view.stderr);
  clean = { viewer: await readFile(join(copy.results, '..', 'clean-viewer.html'), 'utf8') };
  await poison(copy);
});

describe('hostile model output through the CLI', () => {
  it('bloom report (text and JSON) prints figures only, no model text', async () => {
    for (const args of [
      ['report', copy.results],
      ['report', copy.results, '--json'],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expectInertLog(result);
      expect(result.stdout).not.toContain('octocat');
      expect(result.stdout).not.toContain('bloom-action:');
      expect(result.stdout.length).toBeLessThan(20_000);
    }
  });

  it('bloom view writes a page whose only scripts are its own, with every attack inside escaped JSON', async () => {
    const result = await runCli(['view', copy.results]);
    expect(result.code).toBe(0);
    expectInertLog(result);
    const html = await readFile(join(copy.results, 'viewer.html'), 'utf8');
    const tags = (text: string) => (text.match(/<script\b/gi) ?? []).length;
    expect(tags(html)).toBe(tags(clean.viewer));
    expect(tags(html)).toBe(3);
    expect((html.match(/<\/script/gi) ?? []).length).toBe(3);
    for (const raw of ['<script>alert', '<img src=x', '<a href="javascript', '<!--', 'onerror=alert(3)>']) {
      expect(html).not.toContain(raw);
    }
    // The data block is still the same JSON: the attack text is there, but only as escaped JSON.
    expect(dataBlock(html, 'bloom-data')).not.toMatch(/[<>]/);
    expect(dataBlock(html, 'bloom-strings')).not.toMatch(/[<>]/);
    expect(JSON.stringify(embeddedData(html))).toContain('<script>alert(\\"xss\\")</script>');
    // Bounded: the page carries the transcripts it shows, but never multiplies them.
    const poisoned = await filesSize(copy.behaviorDir);
    if (process.env.DBG) console.log({ html: html.length, poisoned, clean: clean.viewer.length });
    expect(html.length).toBeLessThan(clean.viewer.length + poisoned);
  });

  it('bloom report --format inspect writes a valid JSON log and prints only its path', async () => {
    const out = join(copy.results, '..', 'inspect');
    const result = await runCli(['report', copy.results, '--format', 'inspect', '--out', out]);
    expect(result.code).toBe(0);
    expectInertLog(result);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const [file] = (await readdir(out)).filter((f) => f.endsWith('.json'));
    const text = await readFile(join(out, file as string), 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
    expect(text.length).toBeLessThan(30_000_000);
  });
});

describe('hostile model output in the markdown report', () => {
  let input: ReportInput;
  beforeAll(async () => {
    const judgment = JSON.parse(
      await readFile(join(copy.behaviorDir, 'judgment.json'), 'utf8'),
    ) as JudgmentFile;
    const runInfo = JSON.parse(await readFile(join(copy.behaviorDir, 'run_info.json'), 'utf8')) as RunInfo;
    const files: BehaviorFiles[] = [
      { behavior: judgment.behavior_name, folder: 'delusional-sycophancy', judgment, runInfo },
      { behavior: 'broken-suite', folder: 'broken-suite', error: `provider said: ${ATTACKS}` },
    ];
    const baseline = join(copy.results, '..', 'baseline.json');
    const made = await runCli(['baseline', copy.results, '--out', baseline]);
    expect(made.code).toBe(0);
    const compared = await runCli(['compare', copy.results, '--baseline', baseline, '--json']);
    const gate = JSON.parse(compared.stdout) as GateResult;
    input = { gate, details: behaviorDetails(files), failure: null };
  });

  it('renders every attack inert: no HTML, no marker, mentions broken, no bidi, no workflow command', () => {
    const { markdown } = renderReport(input);
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    // Everywhere, fenced quotes included: no marker, no comment delimiters, no hidden or reordered text.
    expect(markdown).not.toContain('bloom-action:');
    expect(markdown).not.toMatch(/<!--|-->/);
    expect(markdown).not.toMatch(BIDI_AND_INVISIBLE);
    expect(markdown).not.toContain('\u001b');
    // Longer quotes sit in fenced code blocks (nothing renders, pings or links there); each fence is longer
    // than any backtick run inside, so the quoted "```" cannot close it.
    const fences = [...markdown.matchAll(/^(`{3,})text\n([\s\S]*?)\n\1$/gm)];
    expect(fences.length).toBeGreaterThan(0);
    for (const [, fence, body] of fences) {
      const longest = Math.max(0, ...((body ?? '').match(/`+/g) ?? []).map((run) => run.length));
      expect(longest).toBeLessThan((fence ?? '').length);
    }
    const outside = markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
    // The hostile text did reach the report outside the fences (escaped), so the escaping is really tested.
    expect(outside).toMatch(/@&#8203;octocat/);
    expect(outside).not.toMatch(/@octocat|@github\/security|#1\b/);
    // No issue reference in any of GitHub's forms, and no bare link to anywhere.
    expect(outside).toContain('GH&#8203;-123');
    expect(outside).not.toMatch(/\bGH-\d|models#9|[a-z]:\/\/|\bwww\./i);
    expect(outside).not.toMatch(/<script|<img|<a href|<\/script/i);
    expect(outside).toContain('&lt;script&gt;');
    expect(outside).not.toMatch(/(?<!\\)\[click me(?<!\\)\]\(/);
    expect(outside).not.toMatch(/(?<!\\)!(?<!\\)\[pixel/);
    expect(outside).not.toMatch(/^\| row \| injected \|/m);
    for (const line of outside.split('\n')) {
      expect(line.trimStart().startsWith('::'), line).toBe(false);
    }
  });

  it('bounds the report under a 1 MB summary and quote, also when squeezed', () => {
    for (const maxChars of [COMMENT_MAX_CHARS, 8_000]) {
      const rendered = renderReport(input, { maxChars });
      expect(rendered.markdown.length).toBeLessThanOrEqual(maxChars);
      expect(rendered.markdown).not.toContain('A'.repeat(5_000));
    }
  });

  it('keeps the JSON report bounded too', () => {
    const json = JSON.stringify(renderReportJson(input));
    expect(json.length).toBeLessThan(200_000);
    expect(json).not.toContain('A'.repeat(5_000));
  });
});
