import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { embedJson, renderViewerHtml } from '../../../src/report/viewer/html.ts';
import { PAGE_SCRIPT } from '../../../src/report/viewer/page/script.ts';

const hostile = '</script><script>window.pwned=1</script><!-- & \u2028';

describe('renderViewerHtml', () => {
  const html = renderViewerHtml({
    title: `t ${hostile}`,
    baselineName: null,
    behaviors: [],
    gate: null,
    noDecision: null,
  });

  it('embeds data that cannot close its script element and parses back unchanged', () => {
    const embedded = embedJson({ text: hostile });
    expect(embedded).not.toMatch(/[<>&]/);
    expect(JSON.parse(embedded)).toEqual({ text: hostile });
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<script>window.pwned');
  });

  it('allows only its own script and style by hash, and no network', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(PAGE_SCRIPT).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
  });

  it('has a page script that is valid JavaScript with no import left in it', () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
    expect(PAGE_SCRIPT).not.toMatch(/__vi_|import\(|require\(/);
  });
});
