import { describe, expect, it } from 'vitest';
import { packStrings } from '../../../src/report/viewer/pack.ts';
import { stringsModule } from '../../../src/report/viewer/page/strings.ts';

const unpack = (packed: ReturnType<typeof packStrings>) =>
  JSON.parse(JSON.stringify(packed.data), stringsModule().reviverFor(packed.table));

describe('packStrings', () => {
  const prompt = 'You are the evaluator. '.repeat(10);
  const data = {
    transcripts: [
      { system: prompt, reply: 'short', args: { note: prompt } },
      {
        system: prompt,
        reply: 'short',
        args: { note: 'once only, but long enough to be a candidate '.repeat(3) },
      },
    ],
    count: 2,
    nothing: null,
  };

  it('ships a long repeated string once and gets back the same data', () => {
    const packed = packStrings(data);
    expect(packed.table).toEqual([prompt]);
    expect(JSON.stringify(packed.data).length).toBeLessThan(JSON.stringify(data).length - 2 * prompt.length);
    expect(unpack(packed)).toEqual(data);
  });

  it('keeps short repeated strings inline', () => {
    expect(packStrings({ a: ['short', 'short'] }).table).toEqual([]);
  });

  it('lets no model text pose as a reference: strings that begin with the marker come back as they were', () => {
    const tricky = { a: '\u00010', b: '\u0001\u0001x', c: ['\u0001', prompt, prompt] };
    const packed = packStrings(tricky);
    expect(unpack(packed)).toEqual(tricky);
  });
});
