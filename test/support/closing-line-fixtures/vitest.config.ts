// The files the closing-line reporter's test runs through vitest: each fails (or not) in its own way.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.fixture.ts'],
    pool: 'forks',
    reporters: ['../closing-line-reporter.ts'],
  },
});
