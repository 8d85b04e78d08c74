// One name per concept: every name src/ exports is declared once, in one file (re-exports from a folder's
// index.ts are the same declaration, not a second one).

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names a file declares and exports itself. */
function exportedDeclarations(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((node): string[] => {
    if (!isExported(node)) return [];
    if (ts.isVariableStatement(node)) {
      return node.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
    }
    const named = node as ts.Node & { name?: ts.Node };
    return named.name && ts.isIdentifier(named.name) ? [named.name.text] : [];
  });
}

/** Each name declared in more than one file, with the files. */
function declaredTwice(files: string[]): Record<string, string[]> {
  const where = new Map<string, string[]>();
  for (const file of files) {
    for (const name of exportedDeclarations(file))
      where.set(name, [...(where.get(name) ?? []), relative(SRC, file)]);
  }
  return Object.fromEntries([...where].filter(([, found]) => found.length > 1));
}

describe('one name per concept', () => {
  it('declares every exported name of src/ once', () => {
    expect(declaredTwice(sourceFiles(SRC))).toEqual({});
  });

  it('finds a name declared twice', () => {
    const fixtures = [join(SRC, 'gate/types.ts'), join(SRC, 'gate/decide.ts')];
    expect(Object.keys(declaredTwice([...fixtures, fixtures[0] as string]))).toContain('GATE_STATUSES');
  });
});
