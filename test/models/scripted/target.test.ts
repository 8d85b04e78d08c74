import { describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../../src/formats/ideation.ts';
import {
  createScriptedClient,
  SCRIPTED_SIGNAL,
  scriptedTruth,
  variationRate,
} from '../../../src/models/scripted/index.ts';
import { parseScriptedId } from '../../../src/models/scripted/options.ts';
import { request, targetRequest } from './helpers.ts';

const SIGNAL = SCRIPTED_SIGNAL('sycophancy');

/** |observed - expected| within 4 binomial standard deviations. */
function expectBinomial(successes: number, n: number, p: number): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(successes - n * p)).toBeLessThanOrEqual(4 * sd + 1);
}

describe('target exhibit rate', () => {
  for (const id of ['scripted/t', 'scripted/t?rate=0.1&seed=5', 'scripted/t?rate=0.75&seed=9']) {
    it(`${id}: frequency near rate over 2,000 rollouts, and scriptedTruth agrees`, async () => {
      const client = createScriptedClient(id);
      const { rate } = parseScriptedId(id);
      let exhibited = 0;
      for (let v = 1; v <= 100; v++) {
        for (let r = 1; r <= 20; r++) {
          const reply = await client.complete(targetRequest(v, r));
          const wrote = reply.message.content.includes(SIGNAL);
          expect(wrote).toBe(scriptedTruth(id, 'sycophancy', v, r));
          if (wrote) exhibited++;
        }
      }
      expectBinomial(exhibited, 2000, rate);
    });
  }

  it('decides once per rollout: every turn agrees', async () => {
    const client = createScriptedClient('scripted/t?rate=0.5');
    for (let r = 1; r <= 20; r++) {
      const turns = await Promise.all([1, 2, 3, 4].map((turn) => client.complete(targetRequest(3, r, turn))));
      const flags = new Set(turns.map((t) => t.message.content.includes(SIGNAL)));
      expect(flags.size).toBe(1);
    }
  });

  it('the name in the id does not change the truth', () => {
    for (let v = 1; v <= 50; v++) {
      expect(scriptedTruth('scripted/a?rate=0.4', 'b', v, 1)).toBe(
        scriptedTruth('scripted/zz?rate=0.4', 'b', v, 1),
      );
    }
  });

  it('spread makes variations differ around the rate, with the same z_v for every rate (pairable)', () => {
    const low = parseScriptedId('scripted/a?rate=0.3&spread=0.2&seed=1');
    const high = parseScriptedId('scripted/a?rate=0.5&spread=0.2&seed=1');
    const lowRates = Array.from({ length: 400 }, (_, i) => variationRate(low, 'b', i + 1));
    const highRates = Array.from({ length: 400 }, (_, i) => variationRate(high, 'b', i + 1));
    const mean = lowRates.reduce((a, b) => a + b, 0) / lowRates.length;
    const sd = Math.sqrt(lowRates.reduce((a, b) => a + (b - mean) ** 2, 0) / lowRates.length);
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.04);
    expect(sd).toBeGreaterThan(0.12);
    expect(sd).toBeLessThan(0.25);
    // Unclamped variations move by exactly the rate difference.
    lowRates.forEach((p, i) => {
      const q = highRates[i] as number;
      if (p > 0 && q < 1) expect(q - p).toBeCloseTo(0.2, 10);
    });
    // Per variation, the observed rate follows p_v.
    const id = 'scripted/a?rate=0.3&spread=0.3&seed=2';
    const options = parseScriptedId(id);
    for (let v = 1; v <= 5; v++) {
      let hits = 0;
      for (let r = 1; r <= 400; r++) if (scriptedTruth(id, 'b', v, r)) hits++;
      expectBinomial(hits, 400, variationRate(options, 'b', v));
    }
  });
});

describe('target failures', () => {
  it('throws a status-400 error at about `fail`', async () => {
    const client = createScriptedClient('scripted/t?fail=0.2');
    let failures = 0;
    for (let r = 1; r <= 500; r++) {
      try {
        await client.complete(targetRequest(1, r));
      } catch (error) {
        expect((error as { status?: number }).status).toBe(400);
        expect((error as Error).message).toBe('scripted target failure');
        failures++;
      }
    }
    expectBinomial(failures, 500, 0.2);
  });
});

describe('target with tools', () => {
  const tools: ToolSpec[] = [
    {
      name: 'lookup_order',
      description: 'Finds an order',
      parameters: {
        type: 'object',
        properties: {
          order_id: { type: 'string' },
          limit: { type: 'integer' },
          express: { type: 'boolean' },
          region: { type: 'string', enum: ['eu', 'us'] },
        },
        required: ['order_id'],
      },
    },
    { name: 'send_email', description: 'Sends', parameters: { type: 'object', properties: {} } },
  ];
  const meta = { step: 'reply', behavior: 'sycophancy', variation: 1, repetition: 1, turn: 1 };

  it('calls the first tool with schema-shaped arguments before answering', async () => {
    const client = createScriptedClient('scripted/t?rate=1');
    const req = request('target', meta, 'v1r1/target/1', { tools });
    const res = await client.complete(req);
    const call = res.message.toolCalls?.[0];
    expect(res.message.toolCalls).toHaveLength(1);
    expect(call?.name).toBe('lookup_order');
    expect(call?.id).toMatch(/^call_[0-9a-f]{12}$/);
    expect(typeof call?.arguments.order_id).toBe('string');
    expect(Number.isInteger(call?.arguments.limit)).toBe(true);
    expect(call?.arguments.express).toBe(true);
    expect(['eu', 'us']).toContain(call?.arguments.region);
    expect(res.message.content).not.toContain(SIGNAL);
    expect((await client.complete(req)).message.toolCalls?.[0]?.id).toBe(call?.id);

    const after = await client.complete(
      request('target', meta, 'v1r1/target/1/2', {
        tools,
        messages: [
          ...req.messages,
          res.message,
          { role: 'tool', content: '{"status":"success"}', toolCallId: call?.id },
        ],
      }),
    );
    expect(after.message.toolCalls).toBeUndefined();
    expect(after.message.content).toContain(SIGNAL);
  });

  it('calls a tool again once a new user message arrives; accepts text tool responses', async () => {
    const client = createScriptedClient('scripted/t?rate=0');
    const messages = [
      { role: 'user' as const, content: 'first' },
      {
        role: 'assistant' as const,
        content: '',
        toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: {} }],
      },
      { role: 'tool' as const, content: 'ok', toolCallId: 'c1' },
      { role: 'assistant' as const, content: 'done' },
      { role: 'user' as const, content: 'second' },
    ];
    const again = await client.complete(request('target', meta, 'v1r1/target/2', { tools, messages }));
    expect(again.message.toolCalls).toHaveLength(1);
    const textual = await client.complete(
      request('target', meta, 'v1r1/target/2/2', {
        tools,
        messages: [...messages, { role: 'user', content: '<tool_response id="c2">{}</tool_response>' }],
      }),
    );
    expect(textual.message.toolCalls).toBeUndefined();
    expect(textual.message.content).not.toContain(SIGNAL);
  });
});
