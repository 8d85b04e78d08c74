import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  throw new Error('the browser is not there');
});
it('one', () => expect(1).toBe(1));
it('two', () => expect(2).toBe(2));
it('three', () => expect(3).toBe(3));
