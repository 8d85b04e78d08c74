// The order test files start in: the few that spawn processes, browsers or long simulations first, so they run
// beside the many quick files instead of being left for last on an idle core. Then vitest's own order (failed,
// then longest last time; on a clean clone, largest first).

import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first: each spawns processes (the bundled action and CLI, killed runs), a browser, or simulates. */
export const SLOW_FILES = [
  'test/faults/faults.test.ts',
  'test/action/e2e.test.ts',
  'test/secrets/untrusted-targets.test.ts',
  'test/browser/viewer.test.ts',
  'test/cli/gated-run.test.ts',
  'test/action/run.test.ts',
  // Ten runs through the SDKs and batch polling, ~15 s: left to vitest's order, it started a minute in.
  'test/faults/batch.test.ts',
  'test/browser/inspect-viewer.test.ts',
  'test/gate/false-alarm.test.ts',
  'test/bad-input/corpus.test.ts',
  'test/hostile/forged-results.test.ts',
  'test/browser/petri-viewer.test.ts',
  'test/util/young-generation.test.ts',
  'test/cli/kill-resume.test.ts',
];

export class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      // The files needing a fresh worker go first: met later, each displaced a worker of the shared project, and
      // its replacement loaded every module again (two workers, about 3 s of CPU).
      if (spec.project.name === 'isolated') return -1;
      const index = SLOW_FILES.findIndex((file) => spec.moduleId.endsWith(file));
      return index < 0 ? SLOW_FILES.length : index;
    };
    // Stable: files of equal rank keep the base order.
    return base
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}
