// Undoing packStrings (../pack.ts) in the page: a string that starts with the marker is either a reference into
// the table of repeated strings, or (marker doubled) a string that really began with it. Browser code: see dom.ts
// on what it may reference.

export function stringsModule() {
  const MARK = '\u0001';

  /** A JSON.parse reviver that puts each table string back where it was referenced. */
  function reviverFor(table: string[]) {
    return (_key: string, value: unknown): unknown => {
      if (typeof value !== 'string' || value[0] !== MARK) return value;
      if (value[1] === MARK) return value.slice(1);
      return table[Number(value.slice(1))] ?? '';
    };
  }

  return { reviverFor };
}

export type Strings = ReturnType<typeof stringsModule>;
