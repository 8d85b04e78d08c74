// A provider is one file in src/models/providers/ and one line in its index: the registry lists every file there,
// prefixes are unique, and only provider files import an SDK (the retry policy, routing and the registry none).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/models/providers/index.ts';
import { routeOf } from '../../src/models/route.ts';

const MODELS = 'src/models';
const SDKS = ['openai', '@anthropic-ai/sdk'];

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName);
}

const importsAnSdk = (file: string) =>
  importsOf(file).some((name) => SDKS.some((sdk) => name === sdk || name.startsWith(`${sdk}/`)));

describe('providers', () => {
  it('are listed once each, by a prefix of their own', () => {
    const prefixes = PROVIDERS.map((p) => p.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes).toEqual(['anthropic', 'openai', 'openrouter', 'gemini', 'scripted']);
    const files = readdirSync(join(MODELS, 'providers')).filter((f) => f !== 'index.ts');
    const registry = importsOf(join(MODELS, 'providers', 'index.ts'));
    for (const file of files) expect(registry, file).toContain(`./${file}`);
  });

  it('own their SDKs: no other file of src/models imports one', () => {
    const outside = readdirSync(MODELS, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.startsWith('providers'))
      .map((f) => join(MODELS, f));
    expect(outside).toContain(join(MODELS, 'retry.ts'));
    expect(outside.filter(importsAnSdk)).toEqual([]);
    expect(importsAnSdk(join(MODELS, 'providers', 'anthropic.ts'))).toBe(true);
  });

  it('route each prefix to its provider, hosted at its address unless the environment moves it', () => {
    for (const provider of PROVIDERS) {
      const route = routeOf(`${provider.prefix}/some-model`, undefined, {});
      expect(route?.provider).toBe(provider);
      expect(route?.model).toBe('some-model');
      expect(route?.baseURL).toBe(provider.hosted?.baseURL);
      expect(route?.apiKeyEnv).toBe(provider.hosted?.keyEnv);
    }
    const moved = routeOf('gemini/gemini-2.5-pro', undefined, { GEMINI_BASE_URL: 'http://127.0.0.1:9/g/' });
    expect(moved?.baseURL).toBe('http://127.0.0.1:9/g/');
    expect(routeOf('nobody/some-model', undefined, {})).toBeUndefined();
  });
});
