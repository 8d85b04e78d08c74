// Gate options are parsed once: the CLI's flags and the action's inputs read each option with its one syntax in
// src/gate/options.ts, so the same text means the same value (or the same refusal) on both fronts, and the
// action's default inputs are the gate's defaults.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.ts';
import { addGateFlags, gateOptionsFrom } from '../../src/cli/gate-options.ts';
import { DEFAULT_GATE_OPTIONS, GATE_OPTION_SYNTAX } from '../../src/gate/options.ts';
import type { GateOptions } from '../../src/gate/types.ts';

const workspace = mkdtempSync(join(tmpdir(), 'bloom-options-'));
mkdirSync(join(workspace, 'suite'));
writeFileSync(join(workspace, 'suite', 'seed.yaml'), 'behavior: {}\n');

const OPTIONS: [keyof GateOptions, string][] = [
  ['maxIncrease', 'max-increase'],
  ['maxRate', 'max-rate'],
  ['alpha', 'alpha'],
  ['detect', 'detect'],
  ['driftTolerance', 'drift-tolerance'],
];

const TEXTS = ['0.05', '5%', '.5', '0', '0.5', '9', '1.5', '150%', '-1', 'ten', '1e-1', ' 0.25 ', ''];

/** The action's value for `input`, or 'refused'. */
function actionValue(input: string, text: string): number | null | 'refused' {
  try {
    const read = readInputs((name) => ({ suite: 'suite', [input]: text })[name] ?? '', {
      GITHUB_WORKSPACE: workspace,
    });
    const option = OPTIONS.find(([, name]) => name === input)?.[0] as keyof GateOptions;
    return read[option];
  } catch {
    return 'refused';
  }
}

/** The CLI's value for `--flag`, or 'refused'. */
function cliValue(flag: string, text: string): number | null | 'refused' {
  const program = addGateFlags(new Command().exitOverride().configureOutput({ writeErr: () => {} }));
  try {
    program.parse(['node', 'bloom', `--${flag}`, text]);
  } catch {
    return 'refused';
  }
  const option = OPTIONS.find(([, name]) => name === flag)?.[0] as keyof GateOptions;
  return gateOptionsFrom(program.opts()).options[option];
}

describe('gate options', () => {
  it.each(OPTIONS)(
    '%s: the same text gives the same value on both fronts, by the one syntax',
    (option, name) => {
      for (const text of TEXTS.filter((t) => t.trim() !== '')) {
        const parsed = GATE_OPTION_SYNTAX[option](text);
        const expected = typeof parsed === 'number' ? parsed : 'refused';
        expect(cliValue(name, text), `--${name} ${text}`).toBe(expected);
        expect(actionValue(name, text), `${name}: ${text}`).toBe(expected);
      }
    },
  );

  it("the action's default inputs are the gate's defaults, and so are the CLI's", () => {
    const read = readInputs((name) => (name === 'suite' ? 'suite' : ''), { GITHUB_WORKSPACE: workspace });
    const fromAction = Object.fromEntries(OPTIONS.map(([option]) => [option, read[option]]));
    expect(fromAction).toEqual(DEFAULT_GATE_OPTIONS);
    expect(gateOptionsFrom({}).options).toEqual(DEFAULT_GATE_OPTIONS);
  });
});
