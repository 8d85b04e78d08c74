// viewer.html: one self-contained file. The data sits in JSON data blocks (long strings that repeat across
// transcripts once, in a table: pack.ts) with '<' escaped, so no model
// text can close the script element; the Content-Security-Policy allows only this page's own script and
// style (by hash), no network, no inline event handlers.

import { createHash } from 'node:crypto';
import { packStrings } from './pack.ts';
import { PAGE_SCRIPT } from './page/script.ts';
import { PAGE_CSS } from './page/styles.ts';
import type { ViewerData } from './types.ts';

/** JSON safe inside <script>: '<', '>' and '&' as \\u escapes (still the same JSON). */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function escapeText(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

export function renderViewerHtml(data: ViewerData): string {
  if (/<\/script|<!--/i.test(PAGE_SCRIPT)) throw new Error('page script must not contain </script or <!--');
  const packed = packStrings(data);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(PAGE_SCRIPT, PAGE_CSS)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeText(data.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<div id="app"></div>
<noscript>This viewer needs JavaScript.</noscript>
<script type="application/json" id="bloom-strings">${embedJson(packed.table)}</script>
<script type="application/json" id="bloom-data">${embedJson(packed.data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
