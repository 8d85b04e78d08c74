// The dry run behind `bloom plan`: one repetition of every pinned scenario through the real pipeline (the lock's
// prompts, the seed's turns, samples and max_tokens, a team's system prompt), with the offline scripted models
// standing in for every role, in a folder that is removed afterwards. No key, no network, no cost. Each call's
// input is counted as the cost meter estimates it (characters / 4, tools included); each stand-in reply is padded
// to the assumed reply length (never beyond the call's max_tokens), so conversations grow as they would.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BloomData } from '../../config/types.ts';
import type { SuiteLock } from '../../formats/lock.ts';
import { resultPaths } from '../../formats/results-folder.ts';
import { estimateInputTokens } from '../../models/cost.ts';
import { createScriptedClient } from '../../models/scripted/index.ts';
import type { CompletionRequest, ModelClient, Purpose, ResolvedModel } from '../../models/types.ts';
import type { TargetPlan } from '../../targets/resolve.ts';
import { withSystemPrompt } from '../../targets/system-prompt.ts';
import type { ModelRole, PipelineContext } from '../context.ts';
import { namedFor } from '../execute.ts';
import { FoundResults } from '../results/found.ts';
import { createSealer } from '../results/seal.ts';
import { runPipeline } from '../run.ts';

/** Reply lengths assumed per role, in tokens; 0 keeps the stand-in's own (short) reply. */
export type ReplyTokens = Partial<Record<Purpose, number>>;

/** Typical replies of frontier models in Bloom's roles (a turn of conversation, a judgment with its reasons). */
export const DEFAULT_REPLY_TOKENS: Readonly<Record<'evaluator' | 'target' | 'judge' | 'metajudge', number>> =
  {
    evaluator: 250,
    target: 400,
    judge: 700,
    metajudge: 700,
  };

export interface CallTally {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Simulation {
  /** Rollouts simulated: one per scenario the seed selects. */
  rollouts: number;
  /** Per purpose, summed over every simulated rollout (metajudge: the suite's one call). */
  byPurpose: Partial<Record<Purpose, CallTally>>;
  /** Rollouts that failed or could not be scored in the dry run (a stand-in quirk; their calls still count). */
  unscored: number;
}

const FILLER = 'This sentence stands in for the length of a real reply. ';

/** `text` padded with filler to about `tokens` tokens (four characters each); never shortened. */
function padded(text: string, tokens: number): string {
  const missing = tokens * 4 - text.length;
  if (missing <= 0) return text;
  return `${text}\n\n${FILLER.repeat(Math.ceil(missing / FILLER.length))
    .slice(0, missing)
    .trim()}`;
}

function recording(
  client: ModelClient,
  replyTokens: ReplyTokens,
  tally: Partial<Record<Purpose, CallTally>>,
): ModelClient {
  return {
    id: client.id,
    async complete(request: CompletionRequest) {
      const result = await client.complete(request);
      const assumed = Math.min(replyTokens[request.purpose] ?? 0, request.maxTokens);
      const content = padded(result.message.content, assumed);
      const total = tally[request.purpose] ?? { calls: 0, inputTokens: 0, outputTokens: 0 };
      tally[request.purpose] = total;
      total.calls++;
      total.inputTokens += estimateInputTokens(request);
      const toolChars = result.message.toolCalls ? JSON.stringify(result.message.toolCalls).length : 0;
      total.outputTokens += Math.ceil((content.length + toolChars) / 4);
      return { ...result, message: { ...result.message, content } };
    },
  };
}

export async function simulateSuite(input: {
  data: BloomData;
  lock: SuiteLock;
  models: Record<ModelRole, ResolvedModel>;
  targetPlan: TargetPlan;
  replyTokens: ReplyTokens;
}): Promise<Simulation> {
  const { models, targetPlan } = input;
  const once = { ...input.data.seed.rollout, num_reps: 1 };
  const data = { ...input.data, seed: { ...input.data.seed, rollout: once } };
  const tally: Partial<Record<Purpose, CallTally>> = {};
  const standIn = (id: string) => recording(createScriptedClient(id), input.replyTokens, tally);
  const evaluator = standIn('scripted/evaluator');
  const scriptedTarget = standIn('scripted/target');
  const target =
    targetPlan.kind === 'model' && targetPlan.systemPrompt
      ? withSystemPrompt(scriptedTarget, models.target.id, targetPlan.systemPrompt)
      : scriptedTarget;
  const dir = await mkdtemp(join(tmpdir(), 'bloom-plan-'));
  try {
    const behaviorDir = join(dir, 'plan');
    const ctx: PipelineContext = {
      data,
      models,
      clients: { understanding: evaluator, ideation: evaluator, evaluator, target, judge: evaluator },
      behaviorDir,
      onProgress: () => {},
    };
    const sealer = createSealer(randomBytes(32));
    const outcome = await runPipeline(ctx, {
      stages: ['rollout', 'judgment'],
      lock: namedFor(input.lock, models.target.displayName),
      found: await FoundResults.read(resultPaths(behaviorDir), sealer),
      sealer,
      runNonce: 'bloom-plan',
      maxFailedFraction: 1,
    });
    return {
      rollouts: outcome.planned,
      byPurpose: tally,
      unscored: outcome.failedRollouts + outcome.unscoreable + outcome.failedJudgments,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
