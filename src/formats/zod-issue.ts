// Turns the first zod issue into our one-line ConfigError: file, key path, expected, found.

import type { z } from 'zod';
import { ConfigError, describeValue } from '../util/errors.ts';
import { describeUnknownName, listNames } from './did-you-mean.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `rollout.max_tokens`, `judgment.additional_qualities[1]`, `["key with space"]`. */
export function formatKeyPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(part))) out += out ? `.${String(part)}` : String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

export function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
}

/** The keys an object schema knows at `path`, walking through defaults, optionals, arrays, tuples and records. */
export function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  while (current) {
    const def = current.def as unknown as SchemaDef;
    if (def.innerType) {
      current = def.innerType;
      continue;
    }
    if (remaining.length === 0) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
    const [head, ...rest] = remaining;
    remaining = rest;
    if (def.type === 'object') current = def.shape?.[String(head)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'tuple') current = def.items?.[Number(head)];
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  return [];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

function describeBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  if (issue.origin === 'string' && small && bound === 1) return 'a non-empty string';
  if (issue.origin === 'array' && small && bound === 1) return 'a non-empty list';
  if (issue.origin === 'array' || issue.origin === 'string') {
    const unit = issue.origin === 'array' ? 'items' : 'characters';
    return `${small ? 'at least' : 'at most'} ${bound} ${unit}`;
  }
  if (small && bound === 0 && !issue.inclusive) return 'a number above 0';
  if (issue.inclusive) return `a number ${small ? 'at least' : 'at most'} ${bound}`;
  return `a number ${small ? 'above' : 'below'} ${bound}`;
}

function describeExpected(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      // A schema's own word for the type (`{ error: 'an array' }`) is kept.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      const name = TYPE_NAMES[issue.expected] ?? issue.expected;
      return issue.expected === 'int' ? 'an integer' : name;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return describeBound(issue);
    case 'invalid_union': {
      // Zod's bare "Invalid input" becomes "a string or a list", from each alternative's complaint about
      // the value itself; a schema's own message is kept. A discriminated union lists the values it takes.
      const discriminators = /^Invalid discriminator value\. Expected (.+)$/.exec(issue.message)?.[1];
      if (discriminators) return `one of ${discriminators.split(' | ').join(', ').replaceAll("'", '')}`;
      if (issue.message !== 'Invalid input')
        return issue.message.replace(/^Invalid input: expected /, '').toLowerCase();
      const names = issue.errors.flatMap((errors) => {
        const top = errors.find((e) => e.path.length === 0);
        return top ? [describeExpected(top)] : [];
      });
      const unique = [...new Set(names)];
      if (unique.length > 0 && unique.length === issue.errors.length) return unique.join(' or ');
      return issue.message.replace(/^Invalid input: expected /, '').toLowerCase();
    }
    case 'custom':
      // Our own refinements say what they expect, in their own words.
      return issue.message;
    case 'invalid_key': {
      // A record's key schema says what a key must be; zod's own word is "Invalid key in record".
      const inner = issue.issues[0];
      return `a key that is ${inner ? describeExpected(inner) : 'valid'}`;
    }
    default:
      return issue.message.replace(/^Invalid input: expected /, '').toLowerCase();
  }
}

/** Picks the issue to report: unknown keys first, since a typo usually explains the rest. */
export function firstIssue(issues: readonly Issue[]): Issue | undefined {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/** The ConfigError for a failed parse of `input` (already read from `file`) against `schema`. */
export function issueToConfigError(
  file: string,
  schema: z.ZodType,
  input: unknown,
  issues: readonly Issue[],
) {
  const issue = firstIssue(issues);
  if (!issue) return new ConfigError(file, '', 'a valid file', 'an unknown problem');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = knownKeysAt(schema, issue.path);
    return new ConfigError(
      file,
      formatKeyPath([...issue.path, key]),
      `one of the keys ${listNames(known, 40)}`,
      `unknown key ${describeUnknownName(key, known)}`,
    );
  }
  return new ConfigError(
    file,
    formatKeyPath(issue.path),
    describeExpected(issue),
    issue.code === 'invalid_key'
      ? `the key ${JSON.stringify(issue.path.at(-1))}`
      : describeValue(valueAt(input, issue.path)),
  );
}

/**
 * The path of the first "__proto__" key the input holds as its own: JSON.parse and YAML keep it as data, but any
 * copy made by assignment (zod's records among them) turns it into the copy's prototype, silently dropping the
 * entry or lending its fields to every lookup. Walked without recursion: a file may nest 100,000 levels deep.
 */
export function protoKeyPath(input: unknown): PropertyKey[] | null {
  // Each entry keeps its parent's entry rather than a copy of its path: the path is built only when found.
  interface Step {
    value: unknown;
    key: PropertyKey;
    parent: Step | null;
  }
  const pathOf = (step: Step | null): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at = step; at?.parent; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value: input, key: '', parent: null }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value } = next;
    if (value === null || typeof value !== 'object') continue;
    if (Object.hasOwn(value, '__proto__')) return [...pathOf(next), '__proto__'];
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries)
      if (child !== null && typeof child === 'object') stack.push({ value: child, key, parent: next });
  }
  return null;
}

/** Parses `input` with `schema`, or throws the one-line ConfigError for its first issue. */
export function parseOrThrow<S extends z.ZodType>(file: string, schema: S, input: unknown): z.output<S> {
  const proto = protoKeyPath(input);
  if (proto) throw new ConfigError(file, formatKeyPath(proto), 'keys other than "__proto__"', '"__proto__"');
  const result = schema.safeParse(input);
  if (!result.success) throw issueToConfigError(file, schema, input, result.error.issues);
  return result.data;
}
