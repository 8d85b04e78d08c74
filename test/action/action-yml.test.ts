import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, readInputs } from '../../src/action/inputs.ts';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const actionYml = parse(await readFile(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('declares exactly the inputs readInputs reads, each with a description and a default', () => {
    const read = new Set<string>();
    const workspace = mkdtempSync(`${tmpdir()}/bloom-yml-`);
    readInputs(
      (name) => {
        read.add(name);
        // The token's default is a workflow expression the runner substitutes; any text stands for it.
        if (name === 'github-token') return 'token';
        return name === 'suite' ? '.' : (actionYml.inputs[name]?.default ?? '');
      },
      { GITHUB_WORKSPACE: workspace },
    );
    expect(Object.keys(actionYml.inputs).sort()).toEqual([...read].sort());
    for (const [name, input] of Object.entries(actionYml.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      if (name !== 'suite') expect(input.default, name).toBeDefined();
    }
  });

  it('states the same defaults as the code', () => {
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      expect(actionYml.inputs[name]?.default, name).toBe(value);
    }
  });

  it('has the outputs of issue 4 and runs dist/index.js on node24', () => {
    expect(Object.keys(actionYml.outputs).sort()).toEqual(
      ['artifact-url', 'cost', 'rates', 'regressed', 'report-path', 'results-path', 'status'].sort(),
    );
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
