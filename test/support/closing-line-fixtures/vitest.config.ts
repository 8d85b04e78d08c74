// The files the closing-line reporter's test runs through vitest: each fails (or not) in its own way.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.fixture.ts'],
    // As the suite's shared project runs its files: one worker, modules shared (and one process, not four).
    pool: 'forks',
    maxWorkers: 1,
    isolate: false,
    reporters: ['../closing-line-reporter.ts'],
  },
});
