// The folders of src/ import only downwards, in the order src/layers.json declares: read from the real import graph
// (TypeScript's own scanner: static, type-only, dynamic and re-export imports alike), with no file importing itself
// back through others. The README's diagram of the layers is rendered from the same list.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import declared from '../src/layers.json' with { type: 'json' };

const SRC = resolve(import.meta.dirname, '../src');

interface Layer {
  folders: string[];
  what: string;
}

const layers: Layer[] = declared.layers;

/** Each src/ folder's layer number, from the bottom. */
const layerOf = new Map(layers.flatMap((layer, i) => layer.folders.map((folder) => [folder, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of every file under src/, as absolute paths. */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const scanned = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
      const targets = scanned
        .map((i) => i.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => resolve(dirname(file), name));
      return [file, targets];
    }),
  );
}

/** The src/ folder a path is in; undefined outside src/ (package.json). */
function folderOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  return rel.startsWith('..') ? undefined : rel.split(sep)[0];
}

/** Imports against the declared order: `a/x.ts -> b/y.ts (b is above a)`. */
function importsAgainst(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file) ?? '';
    for (const target of targets) {
      const to = folderOf(target);
      if (to === undefined || to === from) continue;
      const [a, b] = [layerOf.get(from), layerOf.get(to)];
      const why =
        a === undefined || b === undefined
          ? `${a === undefined ? from : to} is in no layer`
          : b > a
            ? `${to} is above ${from}`
            : b === a
              ? `${from} and ${to} are side by side`
              : '';
      if (why) found.push(`${relative(SRC, file)} -> ${relative(SRC, target)} (${why})`);
    }
  }
  return found;
}

/** Groups of files that import each other round (Tarjan's strongly connected components of two or more). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      group.push(relative(SRC, w));
    } while (w !== v);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** The diagram the README shows, top layer first. */
function layersDiagram(): string {
  const width = Math.max(...layers.map((l) => l.folders.map((f) => `${f}/`).join(', ').length));
  return [...layers]
    .reverse()
    .map(
      (l) =>
        `${l.folders
          .map((f) => `${f}/`)
          .join(', ')
          .padEnd(width)}  ${l.what}`,
    )
    .join('\n');
}

describe('layers', () => {
  const graph = importGraph(sourceFiles(SRC));

  it('names every folder of src/ once', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const named = layers.flatMap((l) => l.folders);
    expect([...named].sort()).toEqual(folders);
    expect(new Set(named).size).toBe(named.length);
  });

  it('every import goes down the declared order, never up or sideways', () => {
    expect(importsAgainst(graph)).toEqual([]);
  });

  it('no file imports itself back through others', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds an import against the order and a circle when there is one', () => {
    const gate = join(SRC, 'gate/x.ts');
    const report = join(SRC, 'report/y.ts');
    const action = join(SRC, 'action/z.ts');
    const cli = join(SRC, 'cli/w.ts');
    const bad = new Map([
      [gate, [report]],
      [report, [gate]],
      [action, [cli]],
      [cli, []],
    ]);
    expect(importsAgainst(bad)).toEqual([
      'gate/x.ts -> report/y.ts (report is above gate)',
      'action/z.ts -> cli/w.ts (action and cli are side by side)',
    ]);
    expect(importCycles(bad)).toEqual([['gate/x.ts', 'report/y.ts']]);
  });

  it("the README's diagram is the declared order", () => {
    const readme = readFileSync(resolve(SRC, '../README.md'), 'utf8');
    const block = /<!-- layers: rendered from src\/layers\.json -->\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block, `README.md should hold, after its layers marker:\n${layersDiagram()}`).toBe(
      layersDiagram(),
    );
  });
});
