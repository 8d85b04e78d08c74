// Validators for Inspect's EvalLog, compiled from Inspect's own OpenAPI document (fixtures/inspect/).
//
// The document is Inspect's serialization schema: `required` lists every field current Inspect always
// writes. `writtenLog` checks a log against it as is. Logs written by older Inspect versions lack fields added
// since, which Inspect fills with defaults when reading, so `readableLog` checks every present field's type,
// enum and const but requires only the tags that tell a union's members apart (role, type, event).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import ajvFormats from 'ajv-formats';
import { writeFileAtomic } from '../../../src/util/fs.ts';

type Json = unknown;

const openapi = JSON.parse(readFileSync('fixtures/inspect/inspect-openapi.json', 'utf8')) as {
  components: { schemas: Record<string, Json> };
};

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ajv supports OpenAPI's discriminator but not its `mapping` (the oneOf members carry the same const tags). */
function withoutMappings(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(withoutMappings);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === 'discriminator' && isObject(value)
        ? [key, { propertyName: value.propertyName }]
        : [key, withoutMappings(value)],
    ),
  );
}

/** Keeps in `required` only properties with a const value: the tags a discriminator needs. */
function onlyTagsRequired(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(onlyTagsRequired);
  if (!isObject(schema)) return schema;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = onlyTagsRequired(value);
  const properties = schema.properties;
  if (Array.isArray(schema.required) && isObject(properties)) {
    out.required = schema.required.filter((name) => {
      const property = properties[name as string];
      return isObject(property) && 'const' in property;
    });
  }
  return out;
}

/** EvalLog's validator for these components, as the source of a CommonJS module (ajv's standalone code). */
function evalLogSource(components: Json): string {
  // Unoptimized code validates the same way (ajv's optimizer only tidies the code it generates: empty branches,
  // unused names, constants inlined) and compiles in about half the time, paid on a fresh clone by each worker
  // that gets there before the cached module is written.
  const code = { source: true, optimize: false };
  const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true, code });
  // ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
  ajvFormats.default(ajv);
  ajv.addSchema({ $id: 'inspect-openapi.json', components });
  return standalone.default(ajv, ajv.compile({ $ref: 'inspect-openapi.json#/components/schemas/EvalLog' }));
}

// Compiling the document costs about a quarter of a second, once in every test worker that validates a log; the
// compiled modules are kept under node_modules/.cache, named by a hash of the document, this file and ajv's versions,
// so a run compiles them once (written whole by writeFileAtomic: workers may race to write the same file).
const CACHE = resolve('node_modules/.cache/bloom-test-inspect-schema');
const cacheKey = createHash('sha256')
  .update(readFileSync('fixtures/inspect/inspect-openapi.json'))
  .update(readFileSync(import.meta.filename))
  .update(readFileSync('node_modules/ajv/package.json'))
  .update(readFileSync('node_modules/ajv-formats/package.json'))
  .digest('hex')
  .slice(0, 16);
const load = createRequire(import.meta.url);

async function compiledEvalLog(name: string, components: () => Json): Promise<ValidateFunction> {
  const file = join(CACHE, `${name}-${cacheKey}.cjs`);
  if (!existsSync(file)) await writeFileAtomic(file, evalLogSource(components()));
  return load(file) as ValidateFunction;
}

const components = () => withoutMappings(openapi.components);
const strict = await compiledEvalLog('strict', components);
const lenient = await compiledEvalLog('lenient', () => onlyTagsRequired(components()));

export interface Verdict {
  valid: boolean;
  errors: ErrorObject[];
}

function run(validate: ValidateFunction, log: Json): Verdict {
  const valid = validate(log) as boolean;
  return { valid, errors: [...(validate.errors ?? [])] };
}

/** Valid as current Inspect writes a log: every field it always writes is present. */
export function writtenLog(log: Json): Verdict {
  return run(strict, log);
}

/** Valid as Inspect reads a log: every present field has the right shape. */
export function readableLog(log: Json): Verdict {
  return run(lenient, log);
}

/** One line per error, for readable test failures. */
export function describeErrors(errors: ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath || '/'} ${e.keyword}: ${e.message}`);
}
