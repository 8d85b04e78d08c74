// The Chromium the browser tests drive, driven by playwright-core and locked down for a closed network: no
// background traffic, a fresh profile, and every request the page makes recorded (the viewer must make none beyond
// its own file). The browser comes with `npm install`: see bundled-chromium.ts.
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { chromiumExecutable } from './bundled-chromium.ts';

export interface Session {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Session> {
  // launch() gives each browser a fresh --user-data-dir of its own (and refuses one passed in args).
  const browser = await chromium.launch({
    executablePath: await chromiumExecutable(process.env),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A C or POSIX system locale reaches the page as "en-US@posix", which Intl rejects (Inspect's viewer crashes).
      '--lang=en-US',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and CSP violations. */
  errors: string[];
  /** Every URL requested other than the viewer file itself. */
  requests: string[];
}

/** A new page that records errors and blocks (and records) any request but `allowedUrl`. */
export async function watchedPage(session: Session, allowedUrl: string): Promise<WatchedPage> {
  const context = await session.browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === allowedUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  return { page, context, errors, requests };
}
