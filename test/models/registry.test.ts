import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../src/formats/models.ts';
import { UsageLedger } from '../../src/models/ledger.ts';
import { ConcurrencyLimiter } from '../../src/models/limiter.ts';
import { checkApiKeys, createModelClient, requiredApiKeys, resolveModel } from '../../src/models/registry.ts';
import { ConfigError } from '../../src/util/errors.ts';

const where = { file: 'seed.yaml', keyPath: 'rollout.target' };

describe('resolveModel', () => {
  it('prefers a models.json entry, even over a built-in short name', () => {
    const models: Record<string, ModelEntry> = {
      'claude-opus-4': { id: 'anthropic/claude-opus-4-custom', org: 'anthropic', name: 'Custom Opus' },
    };
    expect(resolveModel('claude-opus-4', models, where)).toEqual({
      name: 'claude-opus-4',
      id: 'anthropic/claude-opus-4-custom',
      displayName: 'Custom Opus',
      entry: models['claude-opus-4'],
    });
  });

  it("falls back to Bloom's short names when there is no models.json", () => {
    expect(resolveModel('claude-opus-4', {}, where)).toMatchObject({
      id: 'anthropic/claude-opus-4-20250514',
      displayName: 'Claude Opus 4',
    });
    expect(resolveModel('claude-opus-4.1', {}, where).id).toBe('anthropic/claude-opus-4-1-20250805');
    expect(resolveModel('gpt-4.1', {}, where).id).toBe('openai/gpt-4.1');
    expect(resolveModel('o4-mini', {}, where).id).toBe('openai/o4-mini');
  });

  it('takes provider/model ids for anthropic, openai, openrouter and scripted', () => {
    expect(resolveModel('anthropic/claude-x', {}, where)).toMatchObject({
      id: 'anthropic/claude-x',
      displayName: 'claude-x',
    });
    expect(resolveModel('openai/gpt-x', {}, where).id).toBe('openai/gpt-x');
    expect(resolveModel('openrouter/qwen/qwen3', {}, where)).toMatchObject({ displayName: 'qwen/qwen3' });
    expect(resolveModel('scripted/target?rate=0.3', {}, where).id).toBe('scripted/target?rate=0.3');
  });

  it('accepts any id when the models.json entry has base_url', () => {
    const models = { local: { id: 'llama3', base_url: 'http://127.0.0.1:11434/v1' } };
    expect(resolveModel('local', models, where).id).toBe('llama3');
  });

  it('rejects unknown names with a one-line ConfigError listing known short names', () => {
    const error = (() => {
      try {
        resolveModel('claude-9000', {}, where);
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^seed\.yaml: rollout\.target: expected a model short name \(/);
    expect(error.message).toContain('claude-opus-4.1');
    expect(error.message).toContain('"claude-9000"');
    expect(error.message).not.toContain('\n');
    expect(() => resolveModel('mistral/foo', {}, where)).toThrow(ConfigError);
  });

  it('rejects a models.json entry whose id no provider serves', () => {
    expect(() => resolveModel('x', { x: { id: 'bedrock/foo' } }, where)).toThrow(/models\.json id for "x"/);
  });
});

describe('API keys', () => {
  const models = [
    resolveModel('claude-opus-4', {}, where),
    resolveModel('gpt-4o', {}, where),
    resolveModel('openrouter/x/y', {}, where),
    resolveModel('scripted/judge', {}, where),
    resolveModel('local', { local: { id: 'llama3', base_url: 'http://127.0.0.1:1/v1' } }, where),
    resolveModel(
      'proxy',
      { proxy: { id: 'openai/m', base_url: 'http://127.0.0.1:1', api_key_env: 'PROXY_KEY' } },
      where,
    ),
    resolveModel('claude-opus-4', {}, where),
  ];

  it('lists the env var each model needs, once each', () => {
    expect(requiredApiKeys(models)).toEqual([
      { envVar: 'ANTHROPIC_API_KEY', model: 'claude-opus-4' },
      { envVar: 'OPENAI_API_KEY', model: 'gpt-4o' },
      { envVar: 'OPENROUTER_API_KEY', model: 'openrouter/x/y' },
      { envVar: 'PROXY_KEY', model: 'proxy' },
    ]);
  });

  it('names every missing variable in one ConfigError', () => {
    const env = { OPENAI_API_KEY: 'k', OPENROUTER_API_KEY: '' };
    expect(() => checkApiKeys(models, env)).toThrow(ConfigError);
    expect(() => checkApiKeys(models, env)).toThrow(
      'environment: ANTHROPIC_API_KEY, OPENROUTER_API_KEY, PROXY_KEY: expected an API key (ANTHROPIC_API_KEY for claude-opus-4; OPENROUTER_API_KEY for openrouter/x/y; PROXY_KEY for proxy), found nothing',
    );
    expect(() =>
      checkApiKeys(models, {
        ANTHROPIC_API_KEY: 'a',
        OPENAI_API_KEY: 'b',
        OPENROUTER_API_KEY: 'c',
        PROXY_KEY: 'd',
      }),
    ).not.toThrow();
  });

  it('refuses to build a client without its key, before any call', () => {
    const deps = { env: {}, limiter: new ConcurrencyLimiter(1), ledger: new UsageLedger() };
    expect(() => createModelClient(resolveModel('claude-opus-4', {}, where), deps)).toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });
});

describe('createModelClient', () => {
  it('dispatches scripted/ ids to the scripted provider and records usage in the ledger', async () => {
    const ledger = new UsageLedger();
    const client = createModelClient(resolveModel('scripted/target', {}, where), {
      env: {},
      limiter: new ConcurrencyLimiter(2),
      ledger,
    });
    expect(client.id).toBe('scripted/target');
    const result = await client.complete({
      purpose: 'target',
      maxTokens: 100,
      sampleKey: 'v1r1/turn1',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(result.message.role).toBe('assistant');
    expect(ledger.summary().byModel['scripted/target']?.calls).toBe(1);
  });
});
