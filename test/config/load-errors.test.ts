import { describe, expect, it } from 'vitest';
import { loadBloomData } from '../../src/config/load.ts';
import { ConfigError, EXIT } from '../../src/util/errors.ts';
import { seedYaml, writeDataFolder } from './data-folder.ts';

const KNOWN_BEHAVIORS =
  'delusional-sycophancy, unrealism, evaluation-awareness, evaluation-invalidity, diversity, emotional-pressure';
const TOP_LEVEL_KEYS =
  'behavior, temperature, evaluator_reasoning_effort, target_reasoning_effort, max_concurrent, ' +
  'configurable_prompts, anonymous_target, debug, resume, resume_stage, understanding, ideation, rollout, judgment';
const ROLLOUT_KEYS =
  'model, target, targets, modality, max_turns, max_tokens, no_user_mode, selected_variations, num_reps';
const PROMPT_KEYS =
  'understanding_system_additional, behavior_understanding_additional, transcript_analysis_additional, ' +
  'ideation_system_additional, make_scenarios_additional, variation_system_additional, ' +
  'make_variations_additional, rollout_system_additional, generate_sysprompt_additional, ' +
  'target_sysprompt_prefix, generate_kickoff_additional, target_kickoff_prefix, judgment_system_additional, ' +
  'judgment_additional, metajudge_system_additional, metajudge_judgment_additional';

interface Case {
  name: string;
  files: Record<string, string | null>;
  message: string;
}

const cases: Case[] = [
  {
    name: 'unknown additional quality, with a suggestion',
    files: { 'seed.yaml': seedYaml({ judgment: { additional_qualities: ['unrealism', 'unrealsm'] } }) },
    message:
      'bloom-data/seed.yaml: judgment.additional_qualities[1]: expected one of the behaviors in behaviors.json ' +
      `(${KNOWN_BEHAVIORS}), found "unrealsm" (did you mean "unrealism"?)`,
  },
  {
    name: 'unknown behavior name, nothing close',
    files: { 'seed.yaml': seedYaml({ behavior: { name: 'flattery' } }) },
    message: `bloom-data/seed.yaml: behavior.name: expected one of the behaviors in behaviors.json (${KNOWN_BEHAVIORS}), found "flattery"`,
  },
  {
    name: 'unknown metajudgment quality',
    files: { 'seed.yaml': seedYaml({ judgment: { metajudgment_qualities: ['diversty'] } }) },
    message:
      'bloom-data/seed.yaml: judgment.metajudgment_qualities[0]: expected one of the behaviors in behaviors.json ' +
      `(${KNOWN_BEHAVIORS}), found "diversty" (did you mean "diversity"?)`,
  },
  {
    name: 'unknown variation dimension',
    files: {
      'seed.yaml': seedYaml({
        ideation: { num_scenarios: 2, variation_dimensions: ['emotional-pressure', 'noise'] },
      }),
    },
    message:
      'bloom-data/seed.yaml: ideation.variation_dimensions[1]: expected one of the behaviors in behaviors.json ' +
      `(${KNOWN_BEHAVIORS}), found "noise"`,
  },
  {
    name: 'rollout.max_tokens not above the target thinking budget',
    files: { 'seed.yaml': seedYaml({ target_reasoning_effort: 'high', rollout: { max_tokens: 4000 } }) },
    message:
      'bloom-data/seed.yaml: rollout.max_tokens: expected more than 4096 ' +
      '(the thinking budget of target_reasoning_effort "high"), found 4000',
  },
  {
    name: 'understanding.max_tokens equal to the evaluator thinking budget',
    files: { 'seed.yaml': seedYaml({ understanding: { max_tokens: 1024 } }) },
    message:
      'bloom-data/seed.yaml: understanding.max_tokens: expected more than 1024 ' +
      '(the thinking budget of evaluator_reasoning_effort "low"), found 1024',
  },
  {
    name: 'judgment.max_tokens below a medium evaluator budget',
    files: {
      'seed.yaml': seedYaml({
        evaluator_reasoning_effort: 'medium',
        understanding: { max_tokens: 3000 },
        judgment: { max_tokens: 2000 },
      }),
    },
    message:
      'bloom-data/seed.yaml: judgment.max_tokens: expected more than 2048 ' +
      '(the thinking budget of evaluator_reasoning_effort "medium"), found 2000',
  },
  {
    name: 'temperature other than 1.0 with reasoning on',
    files: { 'seed.yaml': seedYaml({ temperature: 0.7 }) },
    message:
      'bloom-data/seed.yaml: temperature: expected 1.0 when evaluator_reasoning_effort is "low" ' +
      '(extended thinking requires it), found 0.7',
  },
  {
    name: 'YAML syntax error names the line',
    files: {
      'seed.yaml': 'behavior:\n  name: delusional-sycophancy\n  examples: [a, b\nrollout:\n  max_turns: 2\n',
    },
    message:
      'bloom-data/seed.yaml: line 4: expected valid YAML, found Flow sequence in block collection must be ' +
      'sufficiently indented and end with a ]',
  },
  {
    name: 'duplicate YAML key',
    files: { 'seed.yaml': 'behavior:\n  name: delusional-sycophancy\ntemperature: 1.0\ntemperature: 0.5\n' },
    message: 'bloom-data/seed.yaml: line 4: expected valid YAML, found Map keys must be unique',
  },
  {
    name: 'wrong type: string for an integer',
    files: { 'seed.yaml': seedYaml({ rollout: { max_turns: 'three' } }) },
    message: 'bloom-data/seed.yaml: rollout.max_turns: expected a number, found "three"',
  },
  {
    name: 'wrong type: fraction for an integer',
    files: { 'seed.yaml': seedYaml({ rollout: { num_reps: 1.5 } }) },
    message: 'bloom-data/seed.yaml: rollout.num_reps: expected an integer, found 1.5',
  },
  {
    name: 'wrong type: a string where a list belongs',
    files: { 'seed.yaml': seedYaml({ judgment: { additional_qualities: 'unrealism' } }) },
    message: 'bloom-data/seed.yaml: judgment.additional_qualities: expected a list, found "unrealism"',
  },
  {
    name: 'non-positive max_concurrent',
    files: { 'seed.yaml': seedYaml({ max_concurrent: 0 }) },
    message: 'bloom-data/seed.yaml: max_concurrent: expected a number above 0, found 0',
  },
  {
    name: 'diversity above 1',
    files: { 'seed.yaml': seedYaml({ ideation: { total_evals: 4, diversity: 1.5 } }) },
    message: 'bloom-data/seed.yaml: ideation.diversity: expected a number at most 1, found 1.5',
  },
  {
    name: 'unknown reasoning effort',
    files: { 'seed.yaml': seedYaml({ evaluator_reasoning_effort: 'extreme' }) },
    message:
      'bloom-data/seed.yaml: evaluator_reasoning_effort: expected one of "none", "low", "medium", "high", ' +
      'found "extreme"',
  },
  {
    name: 'unknown top-level key',
    files: { 'seed.yaml': `${seedYaml()}temprature: 1.0\n` },
    message:
      `bloom-data/seed.yaml: temprature: expected one of the keys ${TOP_LEVEL_KEYS}, ` +
      'found unknown key "temprature" (did you mean "temperature"?)',
  },
  {
    name: 'unknown nested key',
    files: { 'seed.yaml': seedYaml({ rollout: { max_turn: 3 } }) },
    message:
      `bloom-data/seed.yaml: rollout.max_turn: expected one of the keys ${ROLLOUT_KEYS}, ` +
      'found unknown key "max_turn" (did you mean "max_turns"?)',
  },
  {
    name: 'selected variation outside the plan',
    files: { 'seed.yaml': seedYaml({ rollout: { selected_variations: [1, 4] } }) },
    message:
      'bloom-data/seed.yaml: rollout.selected_variations[1]: expected a variation number from 1 to 3, found 4',
  },
  {
    name: 'missing example file',
    files: { 'seed.yaml': seedYaml({ behavior: { examples: ['missing-one'] } }) },
    message:
      'bloom-data/seed.yaml: behavior.examples[0]: expected a file behaviors/examples/missing-one.json, found no such file',
  },
  {
    name: 'example with an unknown role',
    files: {
      'seed.yaml': seedYaml({ behavior: { examples: ['ex.json'] } }),
      'behaviors/examples/ex.json': JSON.stringify({
        conversation: [
          { role: 'user', content: 'hi' },
          { role: 'bot', content: 'hello' },
        ],
      }),
    },
    message:
      'bloom-data/behaviors/examples/ex.json: conversation[1].role: expected one of "system", "user", "assistant", ' +
      '"tool", found "bot"',
  },
  {
    name: 'unknown key in configurable prompts',
    files: { 'configurable_prompts/default.json': JSON.stringify({ judgement_additional: 'Be strict.' }) },
    message:
      `bloom-data/configurable_prompts/default.json: judgement_additional: expected one of the keys ${PROMPT_KEYS}, ` +
      'found unknown key "judgement_additional" (did you mean "judgment_additional"?)',
  },
  {
    name: 'missing non-default configurable prompts',
    files: { 'seed.yaml': seedYaml({ configurable_prompts: 'custom' }) },
    message:
      'bloom-data/seed.yaml: configurable_prompts: expected the name of a file in configurable_prompts/ ' +
      '(configurable_prompts/custom.json), found no such file',
  },
  {
    name: 'behaviors.json syntax error',
    files: { 'behaviors.json': '{\n  "unrealism": "x",\n}' },
    message:
      'bloom-data/behaviors.json: line 3: expected valid JSON, found Expected double-quoted property name',
  },
  {
    name: 'behaviors.json description not a string',
    files: { 'behaviors.json': JSON.stringify({ 'delusional-sycophancy': 3 }) },
    message: 'bloom-data/behaviors.json: delusional-sycophancy: expected a string, found 3',
  },
  {
    name: 'models.json entry without an id',
    files: { 'models.json': JSON.stringify({ fast: { name: 'Fast model' } }) },
    message: 'bloom-data/models.json: fast.id: expected a string, found nothing',
  },
  {
    name: 'missing seed.yaml',
    files: { 'seed.yaml': null },
    message: 'bloom-data/seed.yaml: expected a seed.yaml file, found no such file',
  },
  {
    name: 'seed.yaml that is a list',
    files: { 'seed.yaml': '- a\n- b\n' },
    message: 'bloom-data/seed.yaml: expected a mapping, found an array of 2',
  },
];

async function loadError(files: Record<string, string | null>): Promise<unknown> {
  const dir = await writeDataFolder(files);
  return loadBloomData(dir).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('loadBloomData errors', () => {
  it.each(cases)('$name', async ({ files, message }) => {
    const error = await loadError(files);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(message);
    expect((error as ConfigError).message).not.toContain('\n');
    expect((error as ConfigError).exitCode).toBe(EXIT.config);
  });

  it('names a folder that does not exist as given', async () => {
    const error = await loadBloomData('no/such/bloom-data').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'no/such/bloom-data: expected a Bloom data folder containing seed.yaml, found no such folder',
    );
  });
});
