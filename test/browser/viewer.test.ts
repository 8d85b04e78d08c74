// bloom view in a real browser: headless Chromium (from @sparticuz/chromium), driven by playwright-core. Opens the viewer
// on the demo run, on the real Python-Bloom study, on a hostile copy and on a 420-rollout run (`npm run bench` times
// a 10,000-rollout one).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgmentFile } from '../../src/formats/judgment.ts';
import { viewerAnchor } from '../../src/report/viewer/anchor.ts';
import { runView } from '../report/viewer/run-view.ts';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import { launchChromium, type Session, type WatchedPage, watchedPage } from './chromium.ts';
import { BEHAVIOR, BIG_ROLLOUTS, bigDataFolder, HOSTILE, hostileCopy, runResults } from './results.ts';

const BLOOM_STUDY = 'fixtures/bloom/conflict-sensitivity-run';

let session: Session;
let shots: string;
let demoDir: string;

async function writeViewer(args: string[]): Promise<string> {
  const { stdout, error } = await runView(args);
  if (error) throw error;
  return stdout.trim();
}

async function open(htmlPath: string): Promise<WatchedPage & { loadMs: number }> {
  const url = pathToFileURL(htmlPath).href;
  const watched = await watchedPage(session, url);
  const started = Date.now();
  await watched.page.goto(url);
  await watched.page.waitForSelector('body[data-ready=true]');
  return { ...watched, loadMs: Date.now() - started };
}

/** No console errors, no CSP violations, no requests; then closes the page. */
async function expectQuietAndClose(watched: WatchedPage): Promise<void> {
  expect(watched.errors).toEqual([]);
  expect(watched.requests).toEqual([]);
  await watched.context.close();
}

/** Saves to the test's temp dir and, for people to look at, to /tmp/viewer-<name>.png. */
async function screenshot(watched: WatchedPage, name: string): Promise<void> {
  const png = await watched.page.screenshot();
  await writeFile(join(shots, `${name}.png`), png);
  await writeFile(`/tmp/viewer-${name}.png`, png);
}

async function judgmentOf(dir: string): Promise<JudgmentFile> {
  return JSON.parse(await readFile(join(dir, 'judgment.json'), 'utf8'));
}

async function listedKeys(watched: WatchedPage): Promise<string[]> {
  return watched.page.$$eval('#rollouts .rows .row', (rows) =>
    rows.map((r) => r.getAttribute('data-key') ?? ''),
  );
}

async function counter(watched: WatchedPage): Promise<string> {
  return (await watched.page.textContent('#rollouts .counter')) ?? '';
}

/** Clicks what changes the URL hash and waits until the page has routed: hashchange fires after the click. */
async function clickAndRoute(watched: WatchedPage, selector: string): Promise<void> {
  const { page } = watched;
  await page.evaluate(() => {
    const w = window as { routed?: boolean };
    w.routed = false;
    window.addEventListener('hashchange', () => (w.routed = true), { once: true });
  });
  await page.click(selector);
  await page.waitForFunction(() => (window as { routed?: boolean }).routed === true);
}

/** Clicks a highlight; returns the marked text and whether the mark is on screen. */
async function clickHighlight(watched: WatchedPage, index: number) {
  await watched.page.click(`button[data-highlight="${index}"]`);
  return watched.page.$eval('#transcript mark', (mark) => {
    const box = mark.getBoundingClientRect();
    return {
      text: mark.textContent,
      onScreen: box.bottom > 0 && box.top < window.innerHeight,
      messageId: mark.closest('article')?.getAttribute('data-message-id') ?? null,
    };
  });
}

beforeAll(async () => {
  session = await launchChromium();
  shots = await mkdtemp(join(tmpdir(), 'bloom-viewer-shots-'));
  demoDir = await runResults('fixtures/demo');
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('viewer.html in Chromium', () => {
  it('shows the demo suite, sorts, filters, opens the top transcript and marks a highlight', async () => {
    const extras = await mkdtemp(join(tmpdir(), 'bloom-viewer-extras-'));
    const history = [0.3, 0.45, 0.42]
      .map((rate, i) =>
        JSON.stringify({
          time: `2026-0${i + 1}-01T00:00:00Z`,
          behavior: BEHAVIOR,
          rate,
          interval: [rate - 0.2, rate + 0.2],
        }),
      )
      .join('\n');
    await writeFile(join(extras, 'history.jsonl'), history);
    const scores = { 1: { 1: 9, 2: 9 }, 2: { 1: 1, 2: 1 }, 3: { 1: 5, 2: 5 } };
    await writeFile(join(extras, 'baseline.json'), JSON.stringify({ behaviors: { [BEHAVIOR]: { scores } } }));
    const html = await writeViewer([
      demoDir,
      '--history',
      join(extras, 'history.jsonl'),
      '--baseline',
      join(extras, 'baseline.json'),
    ]);
    const judgment = await judgmentOf(demoDir);
    const elicited = judgment.judgments.filter((j) => (j.behavior_presence ?? 0) > 6);
    const watched = await open(html);
    const { page } = watched;

    const rate = `${((elicited.length / judgment.judgments.length) * 100).toFixed(1)}%`;
    expect(await page.textContent('.stat.rate .stat-value')).toBe(rate);
    expect(await page.textContent('.meta-report')).toContain('suite review');
    expect(await page.locator('svg.trend circle').count()).toBe(3);
    const changes = await page.$$eval('table.comparison tbody tr td.change', (cells) =>
      cells.map((c) => Math.abs(Number(c.textContent))),
    );
    expect(changes.length).toBe(3);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    await screenshot(watched, 'suite');

    await page.click('button[data-sort="presence"]');
    const sorted = await listedKeys(watched);
    const top = judgment.judgments.find((j) => `v${j.variation_number}r${j.repetition_number}` === sorted[0]);
    expect(top?.behavior_presence).toBe(Math.max(...judgment.judgments.map((j) => j.behavior_presence ?? 0)));

    await page.fill('input[data-range="presence-min"]', '7');
    expect((await listedKeys(watched)).length).toBe(elicited.length);
    expect(await counter(watched)).toContain(`of ${elicited.length} (filtered from 24)`);
    await page.fill('input[data-range="presence-min"]', '');
    await page.selectOption('select[data-filter="dimension"]', 'emotional-pressure');
    const dimensions = await page.$$eval('#rollouts .rows .cell.dimension', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(dimensions.length).toBe(8);
    expect(new Set(dimensions)).toEqual(new Set(['emotional-pressure']));
    await page.selectOption('select[data-filter="dimension"]', 'all');
    await page.selectOption('select[data-filter="status"]', 'failed');
    expect(await counter(watched)).toBe('none of 24 match');
    await page.selectOption('select[data-filter="status"]', 'all');

    await clickAndRoute(watched, `#rollouts .row[data-key="${sorted[0]}"]`);
    expect(await page.isVisible('#transcript-view')).toBe(true);
    expect(await page.isHidden('#suite-view')).toBe(true);
    await screenshot(watched, 'transcript-top');
    const highlight = top?.highlights?.[0];
    const marked = await clickHighlight(watched, highlight?.index ?? 1);
    expect(marked).toEqual({
      text: highlight?.quoted_text,
      onScreen: true,
      messageId: highlight?.message_id,
    });
    expect(await page.locator('#transcript details.reasoning, #transcript article').count()).toBeGreaterThan(
      3,
    );
    await screenshot(watched, 'transcript');

    await clickAndRoute(watched, 'button[data-action="back"]');
    expect(await page.isVisible('#suite-view')).toBe(true);
    await expectQuietAndClose(watched);
  });

  it('opens the real Python Bloom study, transcripts missing or not', async () => {
    const html = await writeViewer([BLOOM_STUDY, '--out', join(shots, 'bloom-study.html')]);
    const judgment = await judgmentOf(BLOOM_STUDY);
    const watched = await open(html);
    const { page } = watched;
    expect(await counter(watched)).toBe('1–90 of 90');
    expect(await page.textContent('.stat.rate .stat-value')).toBe('16.7%');

    await page.click('button[data-sort="presence"]');
    const [topKey] = await listedKeys(watched);
    await clickAndRoute(watched, `#rollouts .row[data-key="${topKey}"]`);
    expect(await page.textContent('#transcript')).toContain('No transcript file for this rollout');
    await page.click('button[data-highlight="1"]');
    expect(await page.textContent('#transcript .judge .notice')).toContain('no transcript file');

    await clickAndRoute(watched, 'button[data-action="back"]');
    await page.fill('input[data-filter="search"]', 'v1r1');
    await clickAndRoute(watched, '#rollouts .row[data-key="v1r1"]');
    // Bloom's highlights carry no message_id: the quote is found by its text.
    const quote = judgment.judgments[0]?.highlights?.[2]?.quoted_text;
    const marked = await clickHighlight(watched, 3);
    expect(marked.text).toBe(quote);
    expect(marked.onScreen).toBe(true);
    expect(await page.locator('#transcript article.target').count()).toBe(4);
    await screenshot(watched, 'bloom-transcript');
    await expectQuietAndClose(watched);
  });

  it('renders hostile transcript text inert and literal', async () => {
    const html = await writeViewer([await hostileCopy(join(demoDir))]);
    const watched = await open(html);
    const { page } = watched;
    await clickAndRoute(watched, '#rollouts .row[data-key="v1r1"]');
    const text = (await page.textContent('#transcript')) ?? '';
    expect(text).toContain(HOSTILE.script);
    expect(text).toContain(HOSTILE.img);
    expect(text).toContain(HOSTILE.closer);
    // Shown cut short (layout of 200 KB takes seconds), wrapped within the page, the rest a click away.
    const longLine = await page.$eval('article[data-message-id="hostile-long"]', (card) => ({
      text: card.querySelector('.text')?.textContent,
      fits: card.scrollWidth <= card.clientWidth,
      button: card.querySelector('button')?.textContent,
    }));
    expect(longLine).toEqual({
      text: `${'A'.repeat(20_000)}…`,
      fits: true,
      button: 'show all 200000 characters',
    });
    const marked = await clickHighlight(watched, 9);
    expect(marked).toMatchObject({ text: HOSTILE.img, onScreen: true, messageId: 'hostile-img' });
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(3); // the string table, the data, the page script
    await expectQuietAndClose(watched);
  });

  it('answers "why is my check red?": decision first, markdown meta-judgment, trend by commit, previous/next', async () => {
    // A baseline from the demo run, then a candidate whose target shows the behavior far more often.
    const extras = await mkdtemp(join(tmpdir(), 'bloom-viewer-gate-'));
    const baseline = join(extras, 'baseline.json');
    expect((await runCli(['baseline', demoDir, '--out', baseline])).code).toBe(0);
    const riskier = await copyDemo({
      models: (models) => {
        const target = models['demo-target'] as { id: string };
        target.id = target.id.replace('rate=0.35', 'rate=0.8');
      },
    });
    const candidate = await runResults(riskier);
    const judgmentPath = join(candidate, 'judgment.json');
    const judgment = await judgmentOf(candidate);
    judgment.metajudgment_response =
      '<report>## Findings\n\nThe target **gives in** under *pressure*.\n\n- first point\n- second with `code`\n' +
      `  - nested\n\n${HOSTILE.img} [a link](https://example.com/x)\n\n> quoted **strong**\n\n` +
      '```\n<b>fenced</b> **not bold**\n```\n</report>';
    await writeFile(judgmentPath, JSON.stringify(judgment));
    // Three runs of the old judge settings, then two of the current ones: the trend breaks between them.
    const base = JSON.parse(await readFile(baseline, 'utf8')).behaviors[BEHAVIOR];
    const history = [0.3, 0.35, 0.33, 0.36, 0.4]
      .map((rate, i) =>
        JSON.stringify({
          time: `2026-0${i + 1}-01T00:00:00Z`,
          commit: `${i}${'abcdef1'.repeat(5)}`.slice(0, 40),
          target_id: base.target_id,
          suite_hash: base.suite_hash,
          config_hash: i < 3 ? 'older-judge' : base.config_hash,
          behavior: BEHAVIOR,
          n: 24,
          elicited: Math.round(rate * 24),
          rate,
          interval: [rate - 0.15, rate + 0.15],
        }),
      )
      .join('\n');
    await writeFile(join(extras, 'history.jsonl'), history);
    const html = await writeViewer([
      candidate,
      '--baseline',
      baseline,
      '--history',
      join(extras, 'history.jsonl'),
    ]);
    const watched = await open(html);
    const { page } = watched;

    // The page opens with the decision: status, reason, the baseline's rate and the change with its interval.
    expect(await page.textContent(`#overview tr[data-behavior="${BEHAVIOR}"] .badge`)).toBe('regressed');
    expect(await page.textContent('#decision .badge')).toBe('regressed');
    expect(await page.textContent('#decision .reason')).toMatch(/^Rate rose from 41\.7% to \d+\.\d%: /);
    const stats = await page.$$eval('#decision .stat', (cards) =>
      cards.map((c) => [
        c.querySelector('.stat-label')?.textContent,
        c.querySelector('.stat-value')?.textContent,
      ]),
    );
    expect(stats[0]).toEqual(['baseline rate', '41.7%']);
    expect(stats[1]?.[0]).toBe('change');
    expect(stats[1]?.[1]).toMatch(/^\+\d+\.\d pts$/);
    expect(await page.textContent('#decision .stat:nth-child(2) .stat-note')).toMatch(/^95% CI \+\d/);
    expect(await page.textContent('#decision .facts')).toContain('Signal: the');

    // The meta-judgment's markdown is rendered as elements; its HTML stays text.
    const report = page.locator('.meta-report .markdown.report');
    expect(await report.locator('h4').textContent()).toBe('Findings');
    expect(await report.locator(':scope > p strong').first().textContent()).toBe('gives in');
    expect(await report.locator('em').textContent()).toBe('pressure');
    expect(await report.locator(':scope > ul > li').count()).toBe(2);
    expect(await report.locator('ul ul > li').textContent()).toBe('nested');
    expect(await report.locator('li code').textContent()).toBe('code');
    expect(await report.textContent()).toContain(HOSTILE.img);
    expect(await report.locator('a, img').count()).toBe(0);
    expect(await report.locator('.md-link').textContent()).toBe('a link (https://example.com/x)');
    expect(await report.locator('blockquote strong').textContent()).toBe('strong');
    expect(await report.locator('pre code').textContent()).toBe('<b>fenced</b> **not bold**');
    expect(await report.locator('b').count()).toBe(0);

    // Each trend point names its commit and target; the old judge's runs are not joined to the current ones.
    expect(await page.locator('svg.trend polyline.line').count()).toBe(2);
    expect(await page.locator('svg.trend line.break').count()).toBe(1);
    const titles = await page.$$eval('svg.trend circle title', (t) => t.map((x) => x.textContent ?? ''));
    expect(titles[0]).toContain('commit 0abcdef1abcd');
    expect(titles[0]).toContain(`target ${base.target_id}`);
    expect(await page.locator('ol.runs li').count()).toBe(5);
    await screenshot(watched, 'decision');

    // Previous/next follow the list as sorted; the arrows step too.
    await page.click('button[data-sort="presence"]');
    const order = await listedKeys(watched);
    await clickAndRoute(watched, `#rollouts .row[data-key="${order[0]}"]`);
    expect(await page.isDisabled('button[data-nav="previous"]')).toBe(true);
    expect(await page.textContent('nav.steps')).toContain('1 of 24');
    await clickAndRoute(watched, 'button[data-nav="next"]');
    expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('rollout')).toBe(
      order[1],
    );
    await page.evaluate(() => {
      const w = window as { routed?: boolean };
      w.routed = false;
      window.addEventListener('hashchange', () => (w.routed = true), { once: true });
    });
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (window as { routed?: boolean }).routed === true);
    expect(await page.textContent('nav.steps')).toContain('3 of 24');
    await screenshot(watched, 'transcript-steps');
    await expectQuietAndClose(watched);

    // The report's transcript links open the viewer at that transcript.
    const [v, r] = [7, 2];
    const linked = await watchedPage(session, pathToFileURL(html).href);
    await linked.page.goto(`${pathToFileURL(html).href}${viewerAnchor(BEHAVIOR, v, r)}`);
    await linked.page.waitForSelector('body[data-ready=true]');
    expect(await linked.page.textContent('#transcript h2')).toBe(
      `${BEHAVIOR} · variation ${v}, repetition ${r}`,
    );
    await expectQuietAndClose(linked);
  }, 60_000);

  it('opens a 420-rollout run: pages of 100, sorts, filters, searches and opens a transcript', async () => {
    const dir = await runResults(await bigDataFolder());
    const html = await writeViewer([dir]);
    const judgment = await judgmentOf(dir);
    expect(judgment.judgments).toHaveLength(BIG_ROLLOUTS);
    const watched = await open(html);
    const { page } = watched;
    expect(await counter(watched)).toBe(`1–100 of ${BIG_ROLLOUTS}`);

    await page.click('button[data-sort="presence"]');
    await page.fill('input[data-range="presence-min"]', '7');
    const elicited = judgment.judgments.filter((j) => (j.behavior_presence ?? 0) > 6).length;
    expect(elicited).toBeGreaterThan(100);
    expect(await counter(watched)).toBe(`1–100 of ${elicited} (filtered from ${BIG_ROLLOUTS})`);
    await page.fill('input[data-filter="search"]', 'fintech');
    const [first] = await listedKeys(watched);
    expect(first).toMatch(/^v\d+r\d+$/);
    await page.click(`#rollouts .row[data-key="${first}"]`);
    await page.waitForSelector('#transcript article');
    await expectQuietAndClose(watched);
  }, 60_000);
});
