// The oldest Node.js the bundles run on, checked before they load: on an older Node the CLI bundle would link
// and then silently do nothing (it starts only under `import.meta.main`, Node 22.18+), and the action bundle
// would fail to link with a stack trace (`fs.globSync`, Node 22+). undici 8, the SDKs' HTTP client, needs 22.19.

import { EXIT } from './errors.ts';

export const REQUIRED_NODE = '22.19.0';

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** True when `version` (e.g. process.versions.node) is at least `required`. */
export function nodeAtLeast(version: string, required: string = REQUIRED_NODE): boolean {
  const have = parts(version);
  const need = parts(required);
  for (let i = 0; i < need.length; i++) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** One line for stderr when `version` is too old, else undefined; `hint` says what to do instead. */
export function unsupportedNodeLine(program: string, version: string, hint?: string): string | undefined {
  if (nodeAtLeast(version)) return undefined;
  const found = version.replace(/^v?/, 'v');
  return `${program}: Node.js ${REQUIRED_NODE} or newer is needed, found ${found}${hint ? ` (${hint})` : ''}`;
}

/** For the bundles' entries: on an older Node, prints the line and exits 2 before anything else loads. */
export function exitOnUnsupportedNode(program: string, hint?: string): void {
  const line = unsupportedNodeLine(program, process.versions.node, hint);
  if (line === undefined) return;
  process.stderr.write(`${line}\n`);
  process.exit(EXIT.config);
}
