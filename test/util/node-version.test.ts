// The bundles refuse an older Node with one line and exit 2, instead of doing nothing (the CLI) or failing to link
// with a stack trace (the action). Run as a subprocess on a Node that reports an older version: a preload that
// rewrites process.versions.node, and the system's own Node too when it is older (as on CI's machine).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeAtLeast, REQUIRED_NODE, unsupportedNodeLine } from '../../src/util/node-version.ts';

describe('nodeAtLeast', () => {
  it('compares major, minor and patch numerically', () => {
    expect(nodeAtLeast('22.19.0')).toBe(true);
    expect(nodeAtLeast('24.0.0')).toBe(true);
    expect(nodeAtLeast('v22.20.1')).toBe(true);
    expect(nodeAtLeast('22.18.9')).toBe(false);
    expect(nodeAtLeast('20.20.2')).toBe(false);
    expect(nodeAtLeast('9.99.99', '10.0.0')).toBe(false);
  });

  it('names the version needed and the one found', () => {
    expect(unsupportedNodeLine('bloom', '20.20.2', 'a hint')).toBe(
      `bloom: Node.js ${REQUIRED_NODE} or newer is needed, found v20.20.2 (a hint)`,
    );
    expect(unsupportedNodeLine('bloom', '24.1.0')).toBeUndefined();
  });
});

const FAKE_OLD_NODE = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})';

/** The first `node` on PATH outside node_modules, when it is older than REQUIRED_NODE. */
function olderSystemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const node = join(dir, 'node');
    if (dir.includes('node_modules') || !existsSync(node)) continue;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    return nodeAtLeast(version) ? undefined : node;
  }
  return undefined;
}

const runners = [
  { name: 'a Node reporting 20.20.2', command: process.execPath, args: ['--import', FAKE_OLD_NODE] },
  ...[olderSystemNode()].flatMap((node) =>
    node ? [{ name: `the system's ${node}`, command: node, args: [] }] : [],
  ),
];

describe.each(runners)('on $name', ({ command, args }) => {
  it.each([
    ['dist/cli.js', 'bloom'],
    ['bin/bloom.js', 'bloom'],
    ['dist/index.js', 'bloom-action'],
  ])('%s exits 2 with one line naming the Node needed', (script, program) => {
    if (!existsSync(resolve('dist/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    // pin --check would pass on a fresh lock: the guard must stop it before it runs.
    const result = spawnSync(command, [...args, script, 'pin', '--check', 'fixtures/pinned-demo'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${program}: Node\\.js ${REQUIRED_NODE} or newer is needed, found v20\\.`),
    );
  });
});

describe('on this Node', () => {
  it('the entries load their bundles: bin/bloom.js --version, dist/cli.js pin --check', async () => {
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    const bin = spawnSync(process.execPath, ['bin/bloom.js', '--version'], { encoding: 'utf8' });
    expect(bin).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    const check = spawnSync(process.execPath, ['dist/cli.js', 'pin', '--check', 'fixtures/pinned-demo'], {
      encoding: 'utf8',
    });
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/^fixtures\/pinned-demo\/suite\.lock\.json: fresh/);
  });
});
