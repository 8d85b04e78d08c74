import { afterAll, expect, it } from 'vitest';

afterAll(() => {
  throw new Error('cleanup failed');
});
it('passes before the cleanup fails', () => expect(1).toBe(1));
