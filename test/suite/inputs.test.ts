import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloomData } from '../../src/config/load.ts';
import type { BloomData } from '../../src/config/types.ts';
import { resolveRoles } from '../../src/pipeline/setup.ts';
import { changedInputs, hashInputs, suiteInputs } from '../../src/suite/inputs.ts';

describe('suite inputs', () => {
  let data: BloomData;
  beforeAll(async () => {
    data = await loadBloomData('fixtures/demo');
  });
  const hashes = (d: BloomData, target?: string) => hashInputs(suiteInputs(d, resolveRoles(d, target)));

  it('does not depend on the target: a lock gates any target, named or anonymous', () => {
    expect(suiteInputs(data, resolveRoles(data))).not.toHaveProperty(['target display name']);
    const anonymous = structuredClone(data);
    anonymous.seed.anonymous_target = true;
    expect(changedInputs(hashes(anonymous), hashes(anonymous, 'scripted/other'))).toEqual([]);
    expect(changedInputs(hashes(data), hashes(data, 'scripted/other'))).toEqual([]);
    // A lock pinned before this change hashed the target's name: that label no longer makes it stale.
    expect(changedInputs({ ...hashes(data), 'target display name': 'abc' }, hashes(data))).toEqual([]);
  });

  it('reports changed, added and removed inputs by label', () => {
    const edited = structuredClone(data);
    edited.seed.ideation.num_scenarios = 6;
    edited.plan.dimensions = ['emotional-pressure'];
    edited.seed.ideation.variation_dimensions = ['emotional-pressure'];
    expect(changedInputs(hashes(data), hashes(edited))).toEqual([
      'seed.yaml ideation.num_scenarios',
      'seed.yaml ideation.variation_dimensions',
      'behaviors.json "authority-claim" description',
    ]);
  });

  it('ignores keys that only shape rollout and judgment', () => {
    const edited = structuredClone(data);
    edited.seed.judgment.model = 'scripted/other-judge';
    edited.seed.rollout.num_reps = 9;
    edited.seed.target_reasoning_effort = 'high';
    edited.prompts.judgment_additional = 'Be strict.';
    expect(changedInputs(hashes(data), hashes(edited))).toEqual([]);
  });
});
