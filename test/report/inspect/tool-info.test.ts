// Tools a model wrote in ideation, however loose their schemas, become ToolInfo that Inspect's schema accepts.
import { describe, expect, it } from 'vitest';
import { buildInspectLog } from '../../../src/report/inspect/index.ts';
import { toolInfo } from '../../../src/report/inspect/tool-info.ts';
import { describeErrors, writtenLog } from './inspect-schema.ts';
import { syntheticResults } from './synthetic-results.ts';

const LOOSE = {
  name: 'search_records',
  description: 'Searches.',
  parameters: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'what to find', minLength: 1.7, pattern: '^.+$' },
      limit: { type: ['integer', 'null'], maximum: 50, default: 10 },
      filters: {
        type: 'array',
        items: { type: 'object', properties: { field: { type: 'text' } }, additionalProperties: false },
      },
      mode: { enum: ['fast', 'full'], anyOf: [{ type: 'string' }, 'junk'] },
      odd: 'not a schema',
    },
    required: ['query', 7],
    $schema: 'http://json-schema.org/draft-07/schema#',
  },
};

describe('toolInfo', () => {
  it("keeps Inspect's JSONSchema keys with their types, adds `default`, drops what it cannot read", () => {
    expect(toolInfo(LOOSE)).toEqual({
      name: 'search_records',
      description: 'Searches.',
      parameters: {
        type: 'object',
        properties: {
          query: {
            type: 'string',
            description: 'what to find',
            pattern: '^.+$',
            minLength: 1,
            default: null,
          },
          limit: { type: ['integer', 'null'], maximum: 50, default: 10 },
          filters: {
            type: 'array',
            default: null,
            items: {
              type: 'object',
              default: null,
              properties: { field: { default: null } },
              additionalProperties: false,
            },
          },
          mode: {
            default: null,
            enum: ['fast', 'full'],
            anyOf: [{ type: 'string', default: null }, { default: null }],
          },
          odd: { default: null },
        },
        required: ['query'],
      },
    });
  });

  it("gives a log that validates against Inspect's schema, skipping tools that are not objects", () => {
    const results = syntheticResults();
    const transcript = results.transcripts.v1r1;
    if (!transcript) throw new Error('no v1r1 in the synthetic results');
    const odd: unknown[] = [null, 'a string', 7];
    transcript.metadata.target_tools = [LOOSE, { name: 'bare', description: '', parameters: {} }, ...odd];
    const log = JSON.parse(JSON.stringify(buildInspectLog(results)));
    expect(describeErrors(writtenLog(log).errors)).toEqual([]);
    const call = log.samples[0].events.find((e: { role?: string }) => e.role === 'target');
    expect(call.tools.map((t: { name: string }) => t.name)).toEqual(['search_records', 'bare']);
  });
});
