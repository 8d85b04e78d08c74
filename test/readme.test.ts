// The documentation holds together: the README stays a front door, every relative link in every README resolves
// (to a file, and to a heading when it names one), and a workflow shown in the README is a verbatim excerpt of a
// file in fixtures/workflows/ (which test/action/workflows.test.ts checks against action.yml), never a second copy.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git']);

function readmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readmes(path);
    return entry.name === 'README.md' ? [path] : [];
  });
}

/** The text outside fenced code blocks (a link inside one is an example, not a link). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = prose(readFileSync(file, 'utf8')).match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, ''))));
}

/** Every relative link of a markdown file that does not resolve, as "file: target (why)". */
function brokenLinks(file: string): string[] {
  const links = [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
  return links
    .filter((target) => !/^[a-z]+:/.test(target))
    .flatMap((target) => {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : resolve(dirname(file), path);
      const where = `${relative(ROOT, file)}: ${target}`;
      if (!existsSync(resolved)) return [`${where} (no such file)`];
      if (anchor === undefined) return [];
      const headed = statSync(resolved).isDirectory() ? join(resolved, 'README.md') : resolved;
      return anchorsOf(headed).has(anchor) ? [] : [`${where} (no such heading)`];
    });
}

describe('documentation', () => {
  const files = readmes(ROOT);

  it('has a README beside each long topic, and a front door of about 12 KB', () => {
    for (const doc of ['src/cli', 'src/action', 'src/gate', 'src/formats', 'src/models', 'test/bench']) {
      expect(files).toContain(join(ROOT, doc, 'README.md'));
    }
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(14_000);
    expect(existsSync(join(ROOT, 'docs'))).toBe(false);
  });

  it('every relative link in every README resolves', () => {
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });

  it('finds a broken link and a missing heading', () => {
    const readme = join(ROOT, 'README.md');
    expect(anchorsOf(readme).has('three-workflows')).toBe(true);
    expect(slug('2. Gate a pull request, with the `action`')).toBe('2-gate-a-pull-request-with-the-action');
  });

  it('shows workflows only as verbatim excerpts of fixtures/workflows/', () => {
    const workflows = readdirSync(join(ROOT, 'fixtures/workflows'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => readFileSync(join(ROOT, 'fixtures/workflows', f), 'utf8'));
    const yamlBlocks = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => ({
        file,
        yaml: m[1] ?? '',
      })),
    );
    const workflowLike = yamlBlocks.filter(({ yaml }) => /bloom-action@|^permissions:/m.test(yaml));
    expect(workflowLike.length).toBeGreaterThan(0);
    for (const { file, yaml } of workflowLike) {
      expect(
        workflows.some((workflow) => workflow.includes(yaml)),
        `${relative(ROOT, file)}: a workflow block that is in no fixtures/workflows file:\n${yaml}`,
      ).toBe(true);
    }
  });
});
