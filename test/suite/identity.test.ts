import { beforeAll, describe, expect, it } from 'vitest';
import { loadBloomData } from '../../src/config/load.ts';
import type { BloomData } from '../../src/config/types.ts';
import { resolveRoles } from '../../src/pipeline/setup.ts';
import { configHashOf, runIdentity, suiteHashOf } from '../../src/suite/identity.ts';

describe('run identity', () => {
  let data: BloomData;
  beforeAll(async () => {
    data = await loadBloomData('fixtures/demo');
  });
  const configHash = (d: BloomData, target?: string) => configHashOf(d, resolveRoles(d, target));
  const edited = (edit: (d: BloomData) => void) => {
    const copy = structuredClone(data);
    edit(copy);
    return copy;
  };

  it('config_hash changes with the judge model and judgment.num_samples', () => {
    const base = configHash(data);
    expect(configHash(edited((d) => (d.seed.judgment.model = 'scripted/other-judge')))).not.toBe(base);
    expect(configHash(edited((d) => (d.seed.judgment.num_samples = 5)))).not.toBe(base);
    expect(configHash(edited((d) => (d.prompts.judgment_additional = 'Be strict.')))).not.toBe(base);
    expect(configHash(edited((d) => (d.behaviors.unrealism = 'Another scale.')))).not.toBe(base);
  });

  it('config_hash does not change with the target, nor with what only shapes the suite', () => {
    const base = configHash(data);
    expect(configHash(data, 'scripted/target?rate=0.9')).toBe(base);
    expect(configHash(edited((d) => (d.seed.rollout.target = 'scripted/another-target')))).toBe(base);
    expect(configHash(edited((d) => (d.prompts.make_scenarios_additional = 'More.')))).toBe(base);
    expect(configHash(edited((d) => (d.seed.max_concurrent = 1)))).toBe(base);
  });

  it('target_id is the resolved target model id', () => {
    expect(runIdentity({ data, models: resolveRoles(data, 'scripted/target?rate=0.9') }, {}).target_id).toBe(
      'scripted/target?rate=0.9',
    );
  });

  it("suite_hash is the lock's, else the hash of the scenarios, else null", () => {
    const ideation = { behavior_name: 'x', variations: [{ description: 'a', tools: [] }] };
    const withoutLock = suiteHashOf({ ideation: ideation as never });
    expect(withoutLock).toMatch(/^[0-9a-f]{64}$/);
    expect(suiteHashOf({ ideation: { ...ideation, behavior_name: 'y' } as never })).not.toBe(withoutLock);
    expect(suiteHashOf({ lock: { suite_hash: 'abc' } as never, ideation: ideation as never })).toBe('abc');
    expect(suiteHashOf({})).toBeNull();
  });
});
