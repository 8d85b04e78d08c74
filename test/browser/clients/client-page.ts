// A page for a third-party viewer served from 127.0.0.1: records page errors, console errors and failed responses,
// and blocks (and records) any request that leaves the viewer's own origin.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium, type Session } from '../chromium.ts';

export interface ClientPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** console.error lines, with the URL they came from. */
  consoleErrors: { text: string; url: string }[];
  /** Responses with status 400 or more. */
  failed: { status: number; url: string }[];
  /** Requests to any other origin (blocked). */
  outside: string[];
}

export async function clientPage(session: Session, origin: string): Promise<ClientPage> {
  const context = await session.browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
  });
  const page = await context.newPage();
  const watched: ClientPage = { page, context, pageErrors: [], consoleErrors: [], failed: [], outside: [] };
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error')
      watched.consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on('response', (response) => {
    if (response.status() >= 400) watched.failed.push({ status: response.status(), url: response.url() });
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin) return route.continue();
    watched.outside.push(url);
    return route.abort();
  });
  return watched;
}

/** A viewer's server, as the tests start it. */
export interface ViewerServer {
  url: string;
  close(): Promise<void>;
}

export interface ClientPages {
  /** A new watched page at `url`, once it shows `text` (case aside: viewers' CSS upper-cases headings). */
  open(url: string, text: string): Promise<ClientPage>;
  /** Closes every page, the browser and the viewer's server. */
  close(): Promise<void>;
}

/** Headless Chromium on a viewer's server: pages that may load only from that server. */
export async function browse(server: ViewerServer): Promise<ClientPages> {
  const session = await launchChromium();
  const opened: ClientPage[] = [];
  return {
    async open(url, text) {
      const watched = await clientPage(session, server.url);
      opened.push(watched);
      await watched.page.goto(url);
      await watched.page.waitForFunction(
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
        (wanted) => document.body.innerText.toLowerCase().includes(wanted.toLowerCase()),
        text,
        { timeout: 15_000 },
      );
      return watched;
    },
    async close() {
      for (const watched of opened) await watched.context.close();
      await session.close();
      await server.close();
    },
  };
}

/**
 * A clean page load: no page error, no console error, no failed response and nothing fetched from elsewhere, apart
 * from failures at the URLs `allowed` accepts.
 */
export function expectNoProblems(watched: ClientPage, allowed: (url: string) => boolean = () => false): void {
  expect({
    pageErrors: watched.pageErrors,
    outside: watched.outside,
    failed: watched.failed.filter((f) => !allowed(f.url)),
    consoleErrors: watched.consoleErrors.filter((e) => !allowed(e.url)),
  }).toEqual({ pageErrors: [], outside: [], failed: [], consoleErrors: [] });
}

/** The page's text as a person sees it (CSS applied, so headings may be upper-cased), whitespace collapsed. */
export async function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is asserted
  return (await page.innerText('body')).replace(/\s+/g, ' ');
}

/** Saves a screenshot for people to look at: /tmp/<name>.png. */
export async function screenshotFor(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/${name}.png` });
}
