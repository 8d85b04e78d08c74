// Prints one plain closing line, "N passed, N failed, N skipped", after vitest's own report, so any CI that
// reads closing lines sees how many tests ran. A file that failed to start (an import that throws, a failing
// beforeAll) is a failure, never a row of skips: its tests that could not run count as failed, and a file that
// never got as far as declaring a test counts as one failure. So do errors vitest caught outside any test.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface ClosingCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function closingCounts(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
): ClosingCounts {
  const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const module of testModules) {
    const moduleFailed = module.state() === 'failed';
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      const meantToSkip = test.options.mode === 'skip' || test.options.mode === 'todo';
      if (state === 'passed') counts.passed++;
      else if (state === 'failed' || (moduleFailed && !meantToSkip)) failedHere++;
      else counts.skipped++;
    }
    // A module can fail with every test passed (an afterAll that throws) or with no test at all.
    counts.failed += moduleFailed ? Math.max(1, failedHere) : failedHere;
  }
  return counts;
}

export function closingLine(counts: ClosingCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
  ): void {
    process.stdout.write(`\n${closingLine(closingCounts(testModules, unhandledErrors))}\n`);
  }
}
