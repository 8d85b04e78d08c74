// `bloom plan <data-dirs...>`: what a pinned suite will cost before anything runs. A dry run of one repetition of
// every scenario on offline stand-ins (src/pipeline/plan/) counts the calls and tokens of each stage; the gate's
// budget (this run, adaptive looks up to --max-rollouts, the judge check, a baseline of --baseline-rollouts) makes
// them into dollars at list price (src/gate/plan.ts). No key, no network, nothing written.

import { relative, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_MAX_ROLLOUTS } from '../../gate/options.ts';
import { type BudgetPlan, type PlanLine, planBudget, type StageEstimate } from '../../gate/plan.ts';
import { formatUsd } from '../../models/cost.ts';
import {
  DEFAULT_REPLY_TOKENS,
  planSuiteTargets,
  type ReplyTokens,
  type SuitePlan,
} from '../../pipeline/plan/index.ts';
import { safeLogLine } from '../../report/markdown/escape.ts';
import { formatTokens } from '../../report/progress.ts';
import type { CliIo } from '../io.ts';

export interface PlanOptions {
  /** --target, given once or several times: replaces seed.yaml's rollout.target(s), as for `bloom run`. */
  target?: string[];
  maxRollouts: number;
  baselineRollouts: number;
  /** One length for every reply; absent: DEFAULT_REPLY_TOKENS per role; 0: the stand-ins' own replies. */
  replyTokens?: number;
  /** An earlier run's results folder: its measured tokens per call replace the assumptions. */
  from?: string;
  json?: boolean;
}

export const DEFAULT_BASELINE_ROLLOUTS = 500;

/** Commander parser for a whole number of at least 0. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected a whole number (0 or more)');
  }
  return n;
}

function replyTokensOf(opts: PlanOptions): ReplyTokens {
  if (opts.replyTokens === undefined) return { ...DEFAULT_REPLY_TOKENS };
  const n = opts.replyTokens;
  return { evaluator: n, target: n, judge: n, metajudge: n };
}

const PART_NAMES: Record<PlanLine['part'], string> = {
  run: 'this run',
  'adaptive-looks': '+ adaptive looks (worst case)',
  'judge-check': '+ judge check',
  baseline: 'a baseline',
};

function usd(e: StageEstimate): string {
  return e.usd === null ? 'unpriced' : formatUsd(e.usd);
}

function row(name: string, rollouts: string, e: StageEstimate): string {
  return (
    `  ${name.padEnd(32)}${rollouts.padStart(8)}${String(e.calls).padStart(8)}` +
    `${formatTokens(e.input_tokens).padStart(11)}${formatTokens(e.output_tokens).padStart(11)}${usd(e).padStart(12)}`
  );
}

/** `namesTarget`: the suite is planned for several targets, so each plan's heading says which. */
export function planText(
  plan: BudgetPlan,
  replies: ReplyTokens,
  namesTarget = false,
  calibration?: SuitePlan['calibration'],
): string {
  const on = namesTarget ? ` on ${plan.target}` : '';
  const lines = [
    safeLogLine(
      `${plan.behavior}${on}: ${plan.scenarios} scenarios x ${plan.repetitions} repetitions ` +
        `(suite_hash ${plan.suite_hash.slice(0, 12)})`,
    ),
    `  ${'part'.padEnd(32)}${'rollouts'.padStart(8)}${'calls'.padStart(8)}${'tokens in'.padStart(11)}` +
      `${'tokens out'.padStart(11)}${'list price'.padStart(12)}`,
  ];
  for (const line of plan.lines) {
    lines.push(row(PART_NAMES[line.part], String(line.rollouts), line.total));
    for (const [stage, e] of Object.entries(line.stages)) lines.push(row(`    ${stage}`, '', e));
  }
  const decision = decisionCost(plan);
  if (decision) {
    lines.push(
      `  a gated decision: ${decision.first} (this run and the judge check), up to ${decision.worst} ` +
        'with every adaptive look',
    );
  }
  if (plan.unpriced.length > 0) {
    lines.push(
      safeLogLine(
        `  unpriced: ${plan.unpriced.join(', ')} (a model: add "price" to its models.json entry; an HTTP or command target is not billed per token)`,
      ),
    );
  }
  const measured = new Set(calibration?.purposes ?? []);
  const assumed = Object.entries(replies)
    .filter(([role]) => !measured.has(role))
    .map(([role, n]) => `${role} ${n}`)
    .join(', ');
  const standIns = Object.values(replies).every((n) => n === 0);
  const guessed = assumed
    ? `; replies assumed ${standIns ? "as the offline stand-ins' own" : `${assumed} tokens`} (--reply-tokens${calibration ? '' : '; --from <an earlier run> measures them'})`
    : '';
  lines.push(
    safeLogLine(
      calibration
        ? `  tokens: per call as measured by ${calibration.file} for ${[...measured].join(', ') || 'no stage (it paid for no call of these models)'}` +
            `${guessed}; calls from the lock's prompts; list prices, no cache or batch discount`
        : `  tokens: characters / 4 of the prompts the pipeline builds from the lock${guessed}; list prices, no cache or batch discount`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** What one pull request's decision costs: this run and the judge check; the worst case adds every look. */
export function decisionCost(
  plan: BudgetPlan,
): { first: string; worst: string; firstUsd: number; worstUsd: number } | null {
  const of = (part: PlanLine['part']) => plan.lines.find((l) => l.part === part)?.total.usd ?? 0;
  const parts = plan.lines.filter((l) => l.part !== 'baseline');
  if (parts.some((l) => l.total.usd === null)) return null;
  const firstUsd = of('run') + of('judge-check');
  const worstUsd = firstUsd + of('adaptive-looks');
  return { first: formatUsd(firstUsd), worst: formatUsd(worstUsd), firstUsd, worstUsd };
}

export async function planCommand(io: CliIo, suites: string[], opts: PlanOptions): Promise<BudgetPlan[]> {
  const replies = replyTokensOf(opts);
  const plans: BudgetPlan[] = [];
  const calibrations: (SuitePlan['calibration'] | null)[] = [];
  const texts: string[] = [];
  for (const suite of suites) {
    const suitePlans = await planSuiteTargets({
      dataDir: suite,
      cwd: io.cwd,
      targets: opts.target ?? [],
      replyTokens: replies,
      ...(opts.from === undefined ? {} : { from: { shown: opts.from, dir: resolve(io.cwd, opts.from) } }),
    });
    for (const suitePlan of suitePlans) {
      const plan = planBudget(suitePlan, {
        maxRollouts: opts.maxRollouts ?? DEFAULT_MAX_ROLLOUTS,
        baselineRollouts: opts.baselineRollouts ?? DEFAULT_BASELINE_ROLLOUTS,
      });
      const calibration = suitePlan.calibration && {
        ...suitePlan.calibration,
        file: relative(io.cwd, suitePlan.calibration.file),
      };
      plans.push(plan);
      calibrations.push(calibration ?? null);
      texts.push(planText(plan, replies, suitePlans.length > 1, calibration));
    }
  }
  if (opts.json) {
    const shown = plans.map((plan, i) => ({ ...plan, calibrated_by: calibrations[i] ?? null }));
    io.stdout.write(`${JSON.stringify({ reply_tokens: replies, plans: shown }, null, 2)}\n`);
  } else for (const text of texts) io.stdout.write(text);
  return plans;
}
