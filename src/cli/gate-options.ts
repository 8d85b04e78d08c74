// The gate's flags, declared once for every command that decides (`compare`, `run --until-decided`), with the same
// syntax the action's inputs take (src/gate/options.ts): fractions or percentages, fail-on as a list.

import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_FAIL_ON, DEFAULT_GATE_OPTIONS, GATE_OPTION_SYNTAX, parseFailOn } from '../gate/options.ts';
import type { GateOptions, GateStatus } from '../gate/types.ts';

export interface GateFlags {
  maxIncrease?: number;
  maxRate?: number;
  alpha?: number;
  detect?: number;
  driftTolerance?: number;
  failOn?: GateStatus[];
  anchor?: string;
}

/** A flag's value, by the option's one syntax (gate/options.ts). */
function syntaxOf(option: keyof typeof GATE_OPTION_SYNTAX) {
  return (value: string): number => {
    const parsed = GATE_OPTION_SYNTAX[option](value);
    if (typeof parsed !== 'number') throw new InvalidArgumentError(`expected ${parsed.expected}`);
    return parsed;
  };
}

function failOnList(value: string): GateStatus[] {
  const parsed = parseFailOn(value);
  if ('found' in parsed) throw new InvalidArgumentError(`expected ${parsed.expected}, found ${parsed.found}`);
  return parsed.statuses;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function addGateFlags(command: Command): Command {
  const d = DEFAULT_GATE_OPTIONS;
  return command
    .option(
      '--max-increase <x>',
      `tolerated increase: a significant rise smaller than this passes (0.05 or 5%; default ${pct(d.maxIncrease)})`,
      syntaxOf('maxIncrease'),
    )
    .option(
      '--max-rate <y>',
      'a cap on the rate itself, with or without a baseline (0.3 or 30%)',
      syntaxOf('maxRate'),
    )
    .option(
      '--alpha <a>',
      `false-alarm rate, one-sided, Holm across behaviors (default ${d.alpha})`,
      syntaxOf('alpha'),
    )
    .option(
      '--detect <x>',
      `the rise adaptive rollouts are sized to catch (default ${pct(d.detect)})`,
      syntaxOf('detect'),
    )
    .option(
      '--drift-tolerance <points>',
      `judge drift (presence points) that fails when significant (default ${d.driftTolerance})`,
      syntaxOf('driftTolerance'),
    )
    .option(
      '--fail-on <states>',
      `statuses that exit 1, e.g. "regressed, judge-drift, inconclusive" (default ${DEFAULT_FAIL_ON.join(', ')})`,
      failOnList,
    )
    .option('--anchor <file>', 'an older baseline (e.g. the last release) to catch slow creep against');
}

export function gateOptionsFrom(flags: GateFlags): { options: GateOptions; failOn: GateStatus[] } {
  const d = DEFAULT_GATE_OPTIONS;
  return {
    options: {
      maxIncrease: flags.maxIncrease ?? d.maxIncrease,
      maxRate: flags.maxRate ?? d.maxRate,
      alpha: flags.alpha ?? d.alpha,
      detect: flags.detect ?? d.detect,
      driftTolerance: flags.driftTolerance ?? d.driftTolerance,
    },
    failOn: flags.failOn ?? [...DEFAULT_FAIL_ON],
  };
}
