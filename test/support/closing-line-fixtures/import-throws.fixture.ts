import { expect, it } from 'vitest';

// A module that fails at import, as a test file importing a missing dependency does.
const missing = './not-there.ts';
await import(missing);

it('never declared', () => expect(1).toBe(1));
