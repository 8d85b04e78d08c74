// seed.yaml's JSON Schema, generated from the zod schema so editors and other tools validate seeds alike.

import { z } from 'zod';
import { seedSchema } from '../formats/seed.ts';

/** Describes the file as written (defaults make keys optional), not the parsed result. */
export function seedJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(seedSchema, { io: 'input' }),
    title: 'Bloom seed.yaml',
    description: 'Configuration of a Bloom behavioral evaluation (bloom-data/seed.yaml).',
  };
}

export function seedJsonSchemaText(): string {
  return `${JSON.stringify(seedJsonSchema(), null, 2)}\n`;
}
