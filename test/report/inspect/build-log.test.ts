// The pure export on a hand-made run covering every rollout outcome.
import { describe, expect, it } from 'vitest';
import { buildInspectLog } from '../../../src/report/inspect/index.ts';
import { readLogHeader } from './header-reader.ts';
import { describeErrors, writtenLog } from './inspect-schema.ts';
import { syntheticResults, TARGET } from './synthetic-results.ts';

const log = buildInspectLog(syntheticResults(), { packages: { 'bloom-action': '0.1.0' } });
const byId = Object.fromEntries(log.samples.map((s) => [`v${s.id}r${s.epoch}`, s]));

describe('buildInspectLog', () => {
  it('writes an EvalLog with every field current Inspect writes, samples last', () => {
    const json = JSON.parse(JSON.stringify(log));
    expect(describeErrors(writtenLog(json).errors)).toEqual([]);
    expect(Object.keys(json).at(-1)).toBe('samples');
    expect(Object.keys(json).slice(0, 6)).toEqual(['version', 'status', 'eval', 'plan', 'results', 'stats']);
  });

  it('is a pure function of the results: same input, same log', () => {
    expect(buildInspectLog(syntheticResults(), { packages: { 'bloom-action': '0.1.0' } })).toEqual(log);
  });

  it('names the behavior as task and the target as model, with the run identity', () => {
    expect(log.eval.task).toBe('refund-sycophancy');
    expect(log.eval.model).toBe(TARGET);
    expect(log.eval.model_roles).toEqual({
      evaluator: { model: 'acme/evaluator', config: {}, args: {} },
      judge: { model: 'acme/judge', config: {}, args: {} },
    });
    expect(log.eval.metadata).toMatchObject({ suite_hash: 'suite123', config_hash: 'config456' });
    expect(log.eval.packages).toEqual({ 'bloom-action': '0.1.0' });
    expect(log.eval.config).toEqual({ epochs: 2 });
    expect(log.eval.created).toBe('2026-03-01T10:00:00+00:00');
    expect(log.stats.completed_at).toBe('2026-03-01T10:01:30+00:00');
  });

  it('has one sample per rollout, id = variation and epoch = repetition, in order', () => {
    expect(log.samples.map((s) => [s.id, s.epoch])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
    // Inspect's viewer counts dataset.samples x epochs: 2 x 2, the 4 rollouts.
    expect(log.eval.dataset).toMatchObject({ samples: 2, sample_ids: [1, 2] });
    expect(log.eval.config.epochs).toBe(2);
    expect(byId.v1r2?.metadata.rollout).toBe('v1r2');
    expect(byId.v2r1?.metadata).toMatchObject({ variation: 2, repetition: 1, dimension: 'authority' });
    expect(byId.v1r1?.metadata).toMatchObject({
      dimension: null,
      status: 'scored',
      summary: 'summary of v1r1',
    });
  });

  it("gives the target's view as Inspect messages: reasoning, ToolCall shape, tool function", () => {
    const sample = byId.v1r1;
    expect(sample?.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(sample?.messages[2]).toEqual({
      id: 'm3',
      content: [
        { type: 'reasoning', reasoning: 'Check the order first.', redacted: false },
        { type: 'text', text: 'Let me look that up.' },
      ],
      source: 'generate',
      role: 'assistant',
      model: TARGET,
      tool_calls: [{ id: 'call-1', function: 'lookup_order', arguments: { order: 'A-7' }, type: 'function' }],
    });
    expect(sample?.messages[3]).toMatchObject({
      role: 'tool',
      tool_call_id: 'call-1',
      function: 'lookup_order',
    });
    expect(sample?.input).toBe('Refund me now.');
    expect(sample?.target).toBe('refund-sycophancy');
    expect(sample?.output.completion).toBe('Refunded, no questions asked.');
    expect(sample?.total_time).toBe(42.5);
  });

  it("records each model's replies as model events with what it had seen, then the scores", () => {
    const events = byId.v1r1?.events ?? [];
    expect(events.map((e) => [e.event, e.event === 'model' ? e.role : e.scorer])).toEqual([
      ['model', 'evaluator'],
      ['model', 'target'],
      ['model', 'target'],
      ['score', 'behavior_presence'],
      ['score', 'unrealism'],
    ]);
    const [evaluator, firstTurn, secondTurn] = events.filter((e) => e.event === 'model');
    expect(evaluator?.input.map((m) => m.content)).toEqual(['You are the evaluator.']);
    expect(evaluator?.tools).toEqual([]);
    expect(firstTurn?.input.map((m) => m.role)).toEqual(['system', 'user']);
    expect(firstTurn?.output.choices[0]?.stop_reason).toBe('tool_calls');
    expect(firstTurn?.tool_choice).toBe('auto');
    expect(firstTurn?.tools).toEqual([
      {
        name: 'lookup_order',
        description: 'Looks up an order.',
        parameters: {
          type: 'object',
          properties: { order: { type: 'string', default: null } },
          required: [],
        },
      },
    ]);
    expect(secondTurn?.input.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(secondTurn?.output).toMatchObject({ model: TARGET, completion: 'Refunded, no questions asked.' });
    expect(secondTurn?.working_start).toBe(0);
    const score = events.at(-2);
    expect(score).toMatchObject({ event: 'score', target: 'refund-sycophancy', intermediate: false });
    expect(score?.event === 'score' && score.score.value).toBe(8);
    // A failed rollout has no transcript, so no events.
    expect(byId.v2r2?.events).toEqual([]);
  });

  it('gives each sample the usage of its own calls, by model and by role; none where none was recorded', () => {
    expect(byId.v1r1?.model_usage).toEqual({
      [TARGET]: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
      'acme/judge': { input_tokens: 30, output_tokens: 5, total_tokens: 35 },
    });
    expect(Object.keys(byId.v1r1?.role_usage ?? {})).toEqual(['target', 'judge']);
    expect(byId.v1r2?.model_usage).toEqual({});
  });

  it('scores presence (with the justification) and each quality', () => {
    expect(byId.v1r1?.scores).toEqual({
      behavior_presence: {
        value: 8,
        explanation: 'presence 8 because reasons',
        metadata: { elicited: true },
        history: [],
      },
      unrealism: { value: 3, history: [] },
    });
  });

  it('records failures as Inspect would: errors without scores, unscoreable without scores', () => {
    expect(byId.v1r2).not.toHaveProperty('scores');
    expect(byId.v1r2).not.toHaveProperty('error');
    expect(byId.v1r2?.metadata).toMatchObject({
      status: 'unscoreable',
      unscoreable_reason: 'no <behavior_presence_score>',
    });
    expect(byId.v2r1?.error?.message).toBe('judgment failed: HTTP 500 from judge');
    expect(byId.v2r2?.error?.message).toBe('rollout failed: target timed out');
    expect(byId.v2r2?.input).toBe('scenario 2');
    expect(byId.v2r2?.messages).toEqual([]);
  });

  it('summarises scored samples only, with elicitation rate, mean and stderr', () => {
    expect(log.results.total_samples).toBe(4);
    expect(log.results.completed_samples).toBe(1);
    const [presence, unrealism] = log.results.scores;
    expect(presence?.name).toBe('behavior_presence');
    expect(presence?.scored_samples).toBe(1);
    expect(presence?.unscored_samples).toBe(3);
    expect(presence?.metrics.elicitation_rate?.value).toBe(1);
    expect(presence?.metrics.mean?.value).toBe(8);
    expect(presence?.metrics.stderr?.value).toBe(0);
    expect(unrealism?.metrics).not.toHaveProperty('elicitation_rate');
    expect(log.stats.model_usage).toEqual({
      [TARGET]: { input_tokens: 100, output_tokens: 20, total_tokens: 120, reasoning_tokens: 5 },
    });
    expect(log.stats.role_usage).toHaveProperty('target');
  });

  it('is an error log, still valid, when nothing was scored', () => {
    const failed = buildInspectLog(syntheticResults({ scored: false }));
    const json = JSON.parse(JSON.stringify(failed));
    expect(describeErrors(writtenLog(json).errors)).toEqual([]);
    expect(failed.status).toBe('error');
    expect(failed.results.scores).toEqual([]);
    expect(failed.samples.every((s) => s.scores === undefined)).toBe(true);
    // Inspect reads `error` only when it follows `stats`.
    expect(readLogHeader(JSON.stringify(failed, null, 2)).error).toMatchObject({
      message: 'no rollout was scored (4 rollouts in the results)',
    });
  });
});
