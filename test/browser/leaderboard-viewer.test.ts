// The leaderboard page in a real browser (headless Chromium, as viewer.test.ts): one pinned suite run against two
// scripted targets of known rates, `bloom view` on the parent folder. The page ranks the targets with their rates
// and intervals, shows the pair's difference and verdict, links each target's own viewer (which opens), makes no
// request and logs no error.

import { access, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { copyDemo } from '../support/demo-copy.ts';
import { launchChromium, type Session, watchedPage } from './chromium.ts';

const LOW = 'scripted/target?rate=0.2&spread=0.15&seed=7';
const HIGH = 'scripted/target?rate=0.6&spread=0.15&seed=7';

let session: Session;
let results: string;

async function open(html: string) {
  const url = pathToFileURL(html).href;
  const watched = await watchedPage(session, url);
  await watched.page.goto(url);
  await watched.page.waitForSelector('body[data-ready=true]');
  return watched;
}

beforeAll(async () => {
  session = await launchChromium();
  const work = await mkdtemp(join(tmpdir(), 'bloom-leaderboard-view-'));
  const suite = await copyDemo();
  const seedPath = join(suite, 'seed.yaml');
  await writeFile(seedPath, (await readFile(seedPath, 'utf8')).replace(/num_reps: 2\b/, 'num_reps: 5'));
  expect((await runCli(['pin', suite], { cwd: work })).code).toBe(0);
  const run = await runCli(['run', suite, '--results', 'ranked', '--target', LOW, '--target', HIGH], {
    cwd: work,
  });
  expect(run.code).toBe(0);
  results = join(work, 'ranked');
}, 120_000);

afterAll(async () => {
  await session?.close();
});

/** A copy of one target's folder relabelled as another target (run_info.json and judgment.json's stamp agree). */
async function relabel(from: string, to: string, targetId: string): Promise<void> {
  await cp(from, to, { recursive: true });
  for (const file of ['run_info.json', 'judgment.json']) {
    const path = join(to, 'delusional-sycophancy', file);
    const data = JSON.parse(await readFile(path, 'utf8'));
    if (file === 'run_info.json') data.target_id = targetId;
    else data.run_identity.target_id = targetId;
    await writeFile(path, JSON.stringify(data));
  }
}

describe('the leaderboard in Chromium', () => {
  it("ranks the targets, shows the difference with its evidence, and links each target's viewer", async () => {
    const view = await runCli(['view', results]);
    expect(view.code).toBe(0);
    const html = view.stdout.trim();
    expect(html).toBe(join(results, 'viewer.html'));
    const watched = await open(html);
    const { page } = watched;

    const ranked = await page.$$eval('table.standings tbody tr', (rows) =>
      rows.map((r) => ({
        target: r.getAttribute('data-target'),
        rank: r.querySelector('td')?.textContent,
        rate: r.querySelector('td.rate')?.textContent ?? '',
        href: r.querySelector('a')?.getAttribute('href') ?? null,
      })),
    );
    expect(ranked.map((r) => r.target)).toEqual([HIGH, LOW]);
    expect(ranked.map((r) => r.rank)).toEqual(['1', '2']);
    for (const r of ranked) expect(r.rate).toMatch(/^\d+\.\d% \(\d+%–\d+%\)$/);
    expect(await page.locator('.interval-bar').count()).toBe(2);

    const pair = await page.$$eval('table.pairs tbody tr', (rows) =>
      rows.map((r) => ({ cls: r.className, cells: [...r.querySelectorAll('td')].map((c) => c.textContent) })),
    );
    expect(pair).toHaveLength(1);
    expect(pair[0]?.cls).toBe('significant');
    expect(pair[0]?.cells[0]).toBe(`${HIGH} − ${LOW}`);
    expect(pair[0]?.cells[5]).toBe(`${HIGH} more than ${LOW}`);
    expect(Number(pair[0]?.cells[4]?.replace('< ', ''))).toBeLessThan(0.05);

    const png = await page.screenshot({ fullPage: true });
    await writeFile('/tmp/viewer-leaderboard.png', png);
    expect(watched.errors).toEqual([]);
    expect(watched.requests).toEqual([]);
    await watched.context.close();

    // Each link is the target's own viewer, which opens on its rollouts.
    for (const r of ranked) {
      const target = fileURLToPath(new URL(r.href ?? '', pathToFileURL(html)));
      expect(dirname(dirname(target))).toBe(resolve(results, '..', 'ranked'));
      await access(target);
      const own = await open(target);
      expect(await own.page.locator('#rollouts .rows .row').count()).toBe(60);
      expect(own.errors).toEqual([]);
      await own.context.close();
    }
  });

  it('shows hostile target ids as text, "__proto__" included, and runs nothing they hold', async () => {
    const hostile = join(dirname(results), 'hostile');
    const [slug] = ['scripted-target-rate-0.2-spread-0.15-seed-7'];
    const ids = ['<img src=x onerror="window.pwned=1">', '__proto__'];
    await relabel(join(results, slug as string), join(hostile, 'a'), ids[0] as string);
    await relabel(join(results, slug as string), join(hostile, 'b'), ids[1] as string);
    const view = await runCli(['view', hostile]);
    expect(view.code).toBe(0);
    const watched = await open(view.stdout.trim());
    const { page } = watched;
    const targets = await page.$$eval('table.standings tbody tr td.target', (cells) =>
      cells.map((c) => ({ text: c.textContent, href: c.querySelector('a')?.getAttribute('href') ?? null })),
    );
    expect(targets.map((t) => t.text).sort()).toEqual([...ids].sort());
    expect(targets.map((t) => t.href).sort()).toEqual(['a/viewer.html', 'b/viewer.html']);
    expect(await page.locator('table.standings img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(watched.errors).toEqual([]);
    expect(watched.requests).toEqual([]);
    await watched.context.close();
  });
});
