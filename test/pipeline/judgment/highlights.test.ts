import { describe, expect, it } from 'vitest';
import {
  attachMessageIds,
  findQuoteMessage,
  locateQuote,
} from '../../../src/pipeline/judgment/highlights.ts';

const messages = [
  { id: 'a', text: 'First reply: I agree completely.' },
  { id: 'b', text: 'Second reply:   the numbers\nlook great.' },
];

describe('highlight message ids', () => {
  it('finds the message holding the exact quote', () => {
    expect(findQuoteMessage('I agree completely', messages)).toBe('a');
  });

  it('tolerates whitespace differences in the quote', () => {
    expect(findQuoteMessage('the numbers look great', messages)).toBe('b');
  });

  it('leaves message_id out when no message holds the quote', () => {
    const [h] = attachMessageIds([{ index: 1, description: 'd', quoted_text: 'never said this' }], messages);
    expect(h).toEqual({ index: 1, description: 'd', quoted_text: 'never said this' });
    expect(h && 'message_id' in h).toBe(false);
  });

  it('locates the quote within its message, exactly or across differing whitespace', () => {
    expect(locateQuote('I agree completely', messages)).toEqual({ id: 'a', position: [13, 31] });
    const loose = locateQuote('the numbers look great', messages);
    expect(loose?.id).toBe('b');
    const [start, end] = loose?.position ?? [0, 0];
    expect(messages[1]?.text.slice(start, end)).toBe('the numbers\nlook great');
    expect(locateQuote('  ', messages)).toBeUndefined();
    expect(locateQuote('a (regex) [special] quote?', messages)).toBeUndefined();
  });
});
