// Reading untyped JSON (an event payload, an error body) one key path at a time.

/** `value.a.b.c` when every step is an object, else undefined. */
export function pick(value: unknown, ...keys: string[]): unknown {
  let found = value;
  for (const key of keys) {
    if (found === null || typeof found !== 'object') return undefined;
    found = (found as Record<string, unknown>)[key];
  }
  return found;
}
