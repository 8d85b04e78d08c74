// The bad-input corpus: each row corrupts one input, runs one command, and expects one line on stderr
// (`bloom: <file>: <key.path>: ...`), the documented exit code, nothing on stdout and nothing written.

import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/util/errors.ts';
import { envRef } from '../targets/demo-copy.ts';
import { BEHAVIOR, type Case, type Corrupt, runCases } from './cases.ts';

type Plain = Record<string, unknown>;

const R = `results/${BEHAVIOR}`;
const RUN = ['run', 'data', '--results', 'out'];
const PIN_RUN = ['run', 'pinned', '--results', 'out'];
const CHECK = ['pin', 'pinned', '--check'];
const COMPARE = ['compare', 'results', '--baseline', 'base/baseline.json'];
const BASELINE = ['baseline', 'results', '--out', 'base/baseline.json'];
const REPORT = ['report', 'results'];
const INSPECT = ['report', 'results', '--format', 'inspect'];
/** Resumes the template's finished run: every file it finds is checked before any call or write. */
const RESUME = ['run', 'data', '--results', 'results'];
/** 100 alias expansions are allowed; this document needs 9^4. */
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
].join('\n');
const VIEW = ['view', 'results'];
/** A write cut short inside a string (a judge's justification), as a kill without atomic writes would leave it. */
const tornInString = (text: string) => text.slice(0, text.indexOf('"justification": "') + 30);
const seed = (c: Corrupt, edit: (s: Plain) => unknown) => c.yaml('data/seed.yaml', edit);
const section = (s: Plain, key: string) => s[key] as Plain;

const cases: Case[] = [
  // ----- seed.yaml ---------------------------------------------------------------------------------------
  {
    file: 'data/seed.yaml',
    how: 'YAML syntax error (unclosed flow sequence)',
    corrupt: (c) => c.text('data/seed.yaml', (t) => t.replace('behavior:\n', 'behavior: [\n')),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: line \d+: expected valid YAML, found \S/,
  },
  {
    file: 'data/seed.yaml',
    how: 'tab indentation',
    corrupt: (c) => c.text('data/seed.yaml', (t) => t.replace('\n  model:', '\n\tmodel:')),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: line \d+: expected valid YAML, found Tabs are not allowed as indentation$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'a list at the top level',
    corrupt: (c) => c.write('data/seed.yaml', '- behavior\n- rollout\n'),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: expected a mapping, found an array of 2$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'empty file',
    corrupt: (c) => c.write('data/seed.yaml', ''),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: expected a mapping, found null$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'temperature is a word',
    corrupt: (c) =>
      seed(c, (s) => {
        s.temperature = 'hot';
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: temperature: expected a number, found "hot"$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'misspelled top-level key',
    corrupt: (c) =>
      seed(c, (s) => {
        s.temprature = 1;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: temprature: expected one of the keys behavior, temperature, .*, found unknown key "temprature" \(did you mean "temperature"\?\)$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'misspelled nested key',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').max_turn = 3;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.max_turn: expected one of the keys model, .*\(did you mean "max_turns"\?\)$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'older-era diversity above 1',
    corrupt: (c) =>
      seed(c, (s) => {
        s.ideation = { model: 'demo-evaluator', max_tokens: 8000, total_evals: 4, diversity: 1.5 };
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: ideation\.diversity: expected a number at most 1, found 1\.5$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'older-era total_evals of zero',
    corrupt: (c) =>
      seed(c, (s) => {
        s.ideation = { model: 'demo-evaluator', max_tokens: 8000, total_evals: 0, diversity: 0.5 };
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: ideation\.total_evals: expected a number above 0, found 0$/,
  },
  {
    file: 'data/seed.yaml',
    how: "Bloom's ideation.web_search, which this tool does not do",
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'ideation').web_search = true;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: ideation\.web_search: expected false: ideation here cannot search the web \(remove the key or set it to false, .*\), found true$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'newer-era variation_dimensions is a string',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'ideation').variation_dimensions = 'emotional-pressure';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: ideation\.variation_dimensions: expected a list, found "emotional-pressure"$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'unknown reasoning effort',
    corrupt: (c) =>
      seed(c, (s) => {
        s.evaluator_reasoning_effort = 'extreme';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: evaluator_reasoning_effort: expected one of "none", "low", "medium", "high", found "extreme"$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'budget: rollout.max_tokens not above the high thinking budget',
    corrupt: (c) =>
      seed(c, (s) => {
        s.target_reasoning_effort = 'high';
        section(s, 'rollout').max_tokens = 4096;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.max_tokens: expected more than 4096 \(the thinking budget of target_reasoning_effort "high"\), found 4096$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'budget: temperature other than 1.0 with thinking on',
    corrupt: (c) =>
      seed(c, (s) => {
        s.temperature = 0.5;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: temperature: expected 1\.0 when evaluator_reasoning_effort is "low" .*, found 0\.5$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'budget: max_concurrent of zero',
    corrupt: (c) =>
      seed(c, (s) => {
        s.max_concurrent = 0;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: max_concurrent: expected a number above 0, found 0$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'budget: negative num_reps',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').num_reps = -2;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: rollout\.num_reps: expected a number above 0, found -2$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'budget: fractional max_turns',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').max_turns = 2.5;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: rollout\.max_turns: expected an integer, found 2\.5$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'selected_variations beyond the plan',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').selected_variations = [1, 99];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.selected_variations\[1\]: expected a variation number from 1 to 6, found 99$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'selected_variations naming one twice',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').selected_variations = [1, 2, 1];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.selected_variations\[2\]: expected a variation number not listed before, found 1 again$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'unknown modality',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').modality = 'video';
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: rollout\.modality: expected one of "conversation", "simenv", found "video"$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'name: behavior not in behaviors.json',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'behavior').name = 'delusional-sycophancyy';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: behavior\.name: expected one of the behaviors in behaviors\.json \(.*\), found "delusional-sycophancyy" \(did you mean "delusional-sycophancy"\?\)$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'name: judge model not in models.json',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'judgment').model = 'demo-evaluater';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: judgment\.model: expected a model short name \(.*\), a models\.json name, or a provider\/model id \(.*\), found "demo-evaluater"$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'name: example transcript that does not exist',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'behavior').examples = ['no-such-example'];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: behavior\.examples\[0\]: expected a file behaviors\/examples\/no-such-example\.json, found no such file$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'name: configurable_prompts file that does not exist',
    corrupt: (c) =>
      seed(c, (s) => {
        s.configurable_prompts = 'strict';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: configurable_prompts: expected the name of a file in configurable_prompts\/ \(configurable_prompts\/strict\.json\), found no such file$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'HTTP target header naming an unset variable',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').target = {
          http: {
            url: 'http://127.0.0.1:9/v1/chat/completions',
            headers: { Authorization: `Bearer ${envRef('NOPE_TOKEN')}` },
          },
        };
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^environment: NOPE_TOKEN: expected a value for \$\{NOPE_TOKEN\} \(used by data\/seed\.yaml: rollout\.target\.http\.headers\.Authorization\), found nothing$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'HTTP target with an unknown key',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').target = { http: { url: 'http://127.0.0.1:9/x', replypath: 'a.b' } };
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.target\.http\.replypath: expected one of the keys url, .*\(did you mean "reply_path"\?\)$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'rollout.targets beside rollout.target',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').targets = ['demo-target', 'scripted/target?rate=0.9'];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.targets: expected either rollout\.target \(one\) or rollout\.targets \(a list\), not both, found both$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'rollout.targets empty',
    corrupt: (c) =>
      seed(c, (s) => {
        delete section(s, 'rollout').target;
        section(s, 'rollout').targets = [];
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: rollout\.targets: expected a non-empty list, found an array of 0$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'rollout.targets naming one target twice',
    corrupt: (c) =>
      seed(c, (s) => {
        delete section(s, 'rollout').target;
        section(s, 'rollout').targets = ['demo-target', { model: 'demo-target' }];
      }),
    args: PIN_RUN.map((a) => (a === 'pinned' ? 'data' : a)),
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.targets\[1\]: expected targets that differ \(each gets a results folder named after its id\), found "scripted\/target\?rate=0\.35&spread=0\.15&seed=7" twice$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'an unknown key in a rollout.targets entry',
    corrupt: (c) =>
      seed(c, (s) => {
        delete section(s, 'rollout').target;
        section(s, 'rollout').targets = ['demo-target', { command: 'node a.mjs', timout_ms: 5 }];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.targets\[1\]\.timout_ms: expected one of the keys .*\(did you mean "timeout_ms"\?\)$/,
  },
  {
    file: 'data/models.json',
    how: 'a provider model whose key is not in the environment',
    corrupt: (c) =>
      c.json('data/models.json', (m) => {
        (m['demo-target'] as Plain).id = 'anthropic/claude-sonnet-4';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^environment: ANTHROPIC_API_KEY: expected an API key \(ANTHROPIC_API_KEY for demo-target\), found nothing; to try bloom without a key, bloom init --offline writes a suite on scripted models$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'command target with a timeout that is a word',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'rollout').target = { command: 'node agent.mjs', timeout_ms: 'soon' };
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: rollout\.target\.timeout_ms: expected a number, found "soon"$/,
  },
  {
    file: '(environment)',
    how: 'SOURCE_DATE_EPOCH that is not whole seconds',
    corrupt: async () => {},
    args: RUN,
    env: { SOURCE_DATE_EPOCH: '2026-01-01' },
    code: EXIT.config,
    message:
      /^environment: SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC, such as \d+, found "2026-01-01"$/,
  },
  // ----- behaviors.json ----------------------------------------------------------------------------------
  {
    file: 'data/behaviors.json',
    how: 'JSON syntax error (trailing comma)',
    corrupt: (c) => c.text('data/behaviors.json', (t) => t.replace(/"\n}\s*$/, '",\n}\n')),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\.json: line \d+: expected valid JSON, found Expected double-quoted property name$/,
  },
  {
    file: 'data/behaviors.json',
    how: 'an array instead of an object',
    corrupt: (c) => c.write('data/behaviors.json', '["delusional-sycophancy"]'),
    args: RUN,
    code: EXIT.config,
    message: /^data\/behaviors\.json: expected a mapping, found an array of 1$/,
  },
  {
    file: 'data/behaviors.json',
    how: 'a description that is a number',
    corrupt: (c) =>
      c.json('data/behaviors.json', (b) => {
        b['emotional-pressure'] = 42;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/behaviors\.json: emotional-pressure: expected a string, found 42$/,
  },
  {
    file: 'data/behaviors.json',
    how: 'missing file',
    corrupt: (c) => c.remove('data/behaviors.json'),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\.json: expected a behaviors\.json file \(\{"<name>": "<description>"\}\), found no such file$/,
  },
  // ----- models.json -------------------------------------------------------------------------------------
  {
    file: 'data/models.json',
    how: 'JSON syntax error (truncated)',
    corrupt: (c) => c.text('data/models.json', (t) => t.slice(0, t.length / 2)),
    args: RUN,
    code: EXIT.config,
    message: /^data\/models\.json: line \d+: expected valid JSON, found Unterminated string$/,
  },
  {
    file: 'data/models.json',
    how: 'an entry without id',
    corrupt: (c) => c.json('data/models.json', (m) => void delete (m['demo-target'] as Plain).id),
    args: RUN,
    code: EXIT.config,
    message: /^data\/models\.json: demo-target\.id: expected a string, found nothing$/,
  },
  {
    file: 'data/models.json',
    how: 'an id that is a number',
    corrupt: (c) =>
      c.json('data/models.json', (m) => {
        (m['demo-evaluator'] as Plain).id = 7;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/models\.json: demo-evaluator\.id: expected a string, found 7$/,
  },
  {
    file: 'data/models.json',
    how: 'an id with no provider',
    corrupt: (c) =>
      c.json('data/models.json', (m) => {
        (m['demo-target'] as Plain).id = 'gpt';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.target: expected models\.json id for "demo-target" to start with .*, found "gpt"$/,
  },
  // ----- example transcripts -----------------------------------------------------------------------------
  {
    file: 'data/behaviors/examples/delusional-sycophancy-signals.json',
    how: 'JSON syntax error',
    corrupt: (c) => c.text('data/behaviors/examples/delusional-sycophancy-signals.json', (t) => `${t}}`),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\/examples\/delusional-sycophancy-signals\.json: line \d+: expected valid JSON, found Unexpected non-whitespace character after JSON$/,
  },
  {
    file: 'data/behaviors/examples/delusional-sycophancy-signals.json',
    how: 'conversation is a string',
    corrupt: (c) =>
      c.write('data/behaviors/examples/delusional-sycophancy-signals.json', '{"conversation": "hi"}'),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\/examples\/delusional-sycophancy-signals\.json: conversation: expected a list, found "hi"$/,
  },
  {
    file: 'data/behaviors/examples/delusional-sycophancy-signals.json',
    how: 'a message with an unknown role',
    corrupt: (c) =>
      c.json('data/behaviors/examples/delusional-sycophancy-signals.json', (e) => {
        ((e.conversation as Plain[])[1] as Plain).role = 'robot';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\/examples\/delusional-sycophancy-signals\.json: conversation\[1\]\.role: expected one of "system", "user", "assistant", "tool", found "robot"$/,
  },
  {
    file: 'data/behaviors/examples/delusional-sycophancy-signals.json',
    how: 'a message whose content is null',
    corrupt: (c) =>
      c.json('data/behaviors/examples/delusional-sycophancy-signals.json', (e) => {
        ((e.conversation as Plain[])[2] as Plain).content = null;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/behaviors\/examples\/delusional-sycophancy-signals\.json: conversation\[2\]\.content: expected a string or a list, found null$/,
  },
  // ----- configurable prompts ----------------------------------------------------------------------------
  {
    file: 'data/configurable_prompts/default.json',
    how: 'JSON syntax error',
    corrupt: (c) => c.text('data/configurable_prompts/default.json', (t) => t.replace('{', '{{')),
    args: RUN,
    code: EXIT.config,
    message: /^data\/configurable_prompts\/default\.json: line 1: expected valid JSON, found \S/,
  },
  {
    file: 'data/configurable_prompts/default.json',
    how: 'misspelled key',
    corrupt: (c) =>
      c.json('data/configurable_prompts/default.json', (p) => {
        p.judgment_additonal = 'x';
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/configurable_prompts\/default\.json: judgment_additonal: expected one of the keys .*\(did you mean "judgment_additional"\?\)$/,
  },
  {
    file: 'data/configurable_prompts/default.json',
    how: 'a prompt that is a list',
    corrupt: (c) =>
      c.json('data/configurable_prompts/default.json', (p) => {
        p.judgment_additional = ['a', 'b'];
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/configurable_prompts\/default\.json: judgment_additional: expected a string, found an array of 2$/,
  },
  // ----- suite.lock.json ---------------------------------------------------------------------------------
  {
    file: 'pinned/suite.lock.json',
    how: 'malformed: truncated mid-file',
    corrupt: (c) => c.text('pinned/suite.lock.json', (t) => t.slice(0, 300)),
    args: PIN_RUN,
    code: EXIT.config,
    message: /^pinned\/suite\.lock\.json: line \d+: expected valid JSON, found Unterminated string$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'malformed: suite_hash is a number',
    corrupt: (c) =>
      c.json('pinned/suite.lock.json', (l) => {
        l.suite_hash = 5;
      }),
    args: CHECK,
    code: EXIT.config,
    message: /^pinned\/suite\.lock\.json: suite_hash: expected a string, found 5$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'malformed: unknown format_version',
    corrupt: (c) =>
      c.json('pinned/suite.lock.json', (l) => {
        l.format_version = 99;
      }),
    args: PIN_RUN,
    code: EXIT.config,
    message: /^pinned\/suite\.lock\.json: format_version: expected one of 1, found 99$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'stale: behaviors.json description changed after pinning',
    corrupt: (c) =>
      c.json('pinned/behaviors.json', (b) => {
        b['emotional-pressure'] = 'A different dimension.';
      }),
    args: PIN_RUN,
    code: EXIT.config,
    message:
      /^pinned\/suite\.lock\.json: inputs: expected to match the data folder, found changed: behaviors\.json "emotional-pressure" description \(re-pin with bloom pin\)$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'stale: seed.yaml num_scenarios changed after pinning',
    corrupt: (c) =>
      c.yaml('pinned/seed.yaml', (s) => {
        section(s, 'ideation').num_scenarios = 5;
      }),
    args: CHECK,
    code: EXIT.config,
    message:
      /^pinned\/suite\.lock\.json: inputs: expected to match the data folder, found changed: seed\.yaml ideation\.num_scenarios \(re-pin with bloom pin\)$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'hand-edited: a scenario description changed without its hash',
    corrupt: (c) =>
      c.json('pinned/suite.lock.json', (l) => {
        const v = (l.ideation as Plain).variations as Plain[];
        (v[0] as Plain).description = 'Hand-edited scenario.';
      }),
    args: PIN_RUN,
    code: EXIT.config,
    message:
      /^pinned\/suite\.lock\.json: suite_hash: expected the hash of the lock contents \(the lock was edited after pinning; re-pin with bloom pin\), found [0-9a-f]{12}$/,
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'missing, for pin --check',
    corrupt: (c) => c.remove('pinned/suite.lock.json'),
    args: CHECK,
    code: EXIT.config,
    message:
      /^pinned\/suite\.lock\.json: expected a pinned suite \(run: bloom pin pinned\), found no such file$/,
  },
  // ----- baselines and history ---------------------------------------------------------------------------
  {
    file: 'base/baseline.json',
    how: 'missing file',
    corrupt: (c) => c.remove('base/baseline.json'),
    args: COMPARE,
    code: EXIT.config,
    message: /^base\/baseline\.json: expected a baseline written by `bloom baseline`, found no such file$/,
  },
  {
    file: 'base/baseline.json',
    how: 'JSON syntax error (torn write)',
    corrupt: (c) => c.text('base/baseline.json', (t) => t.slice(0, 200)),
    args: COMPARE,
    code: EXIT.config,
    message: /^base\/baseline\.json: line 5: expected valid JSON, found Unterminated string$/,
  },
  {
    file: 'base/baseline.json',
    how: 'n disagrees with the scores',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        ((b.behaviors as Plain)[BEHAVIOR] as Plain).n = 99;
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^base\/baseline\.json: behaviors\.delusional-sycophancy\.n: expected 6 \(the number of scores\), found 99$/,
  },
  {
    file: 'base/baseline.json',
    how: 'a score out of range',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        const scores = ((b.behaviors as Plain)[BEHAVIOR] as Plain).scores as Record<string, Plain>;
        (scores['1'] as Plain)['1'] = 11;
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^base\/baseline\.json: behaviors\.delusional-sycophancy\.scores\["1"\]\["1"\]: expected a number at most 10, found 11$/,
  },
  {
    file: 'base/baseline.json',
    how: 'rate is a string',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        ((b.behaviors as Plain)[BEHAVIOR] as Plain).rate = '42%';
      }),
    args: COMPARE,
    code: EXIT.config,
    message: /^base\/baseline\.json: behaviors\.delusional-sycophancy\.rate: expected a number, found "42%"$/,
  },
  {
    file: 'base/history.jsonl',
    how: 'a line that is not JSON',
    corrupt: (c) => c.text('base/history.jsonl', (t) => `${t}not json at all\n`),
    args: BASELINE,
    code: EXIT.config,
    message: /^base\/history\.jsonl: line 2: expected one JSON object per line, found "not json at all"$/,
  },
  {
    file: 'base/history.jsonl',
    how: 'an entry without rate',
    corrupt: (c) =>
      c.text('base/history.jsonl', (t) => {
        const entry = JSON.parse(t.trim()) as Plain;
        delete entry.rate;
        return `${t}${JSON.stringify(entry)}\n`;
      }),
    args: BASELINE,
    code: EXIT.config,
    message: /^base\/history\.jsonl: line 2: rate: expected a number, found nothing$/,
  },
  {
    file: 'base/history.jsonl',
    how: 'a torn last line',
    corrupt: (c) => c.text('base/history.jsonl', (t) => `${t}${t.slice(0, 40)}`),
    args: BASELINE,
    code: EXIT.config,
    message: /^base\/history\.jsonl: line 2: expected one JSON object per line, found "\{/,
  },
  {
    file: 'base/nope.jsonl',
    how: 'a history that does not exist, for the viewer',
    corrupt: async () => {},
    args: [...VIEW, '--history', 'base/nope.jsonl'],
    code: EXIT.config,
    message: /^base\/nope\.jsonl: expected a history \.jsonl file, found no such file$/,
  },
  {
    file: 'base/baseline.json',
    how: 'garbage baseline for the viewer',
    corrupt: (c) => c.write('base/baseline.json', '{"behaviors": '),
    args: [...VIEW, '--baseline', 'base/baseline.json'],
    code: EXIT.config,
    message: /^base\/baseline\.json: expected valid JSON, found Unexpected end of JSON input$/,
  },
  // ----- results folders ---------------------------------------------------------------------------------
  {
    file: `${R}/judgment.json`,
    how: 'missing, for report',
    corrupt: (c) => c.remove(`${R}/judgment.json`),
    args: REPORT,
    code: EXIT.config,
    message: /^results: expected a results folder with judgment\.json, found none$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'torn, for report',
    corrupt: (c) => c.text(`${R}/judgment.json`, tornInString),
    args: REPORT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: line \d+: expected valid JSON, found Unterminated string$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'torn, for view',
    corrupt: (c) => c.text(`${R}/judgment.json`, tornInString),
    args: VIEW,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: line \d+: expected valid JSON, found Unterminated string$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'torn, for report --format inspect',
    corrupt: (c) => c.text(`${R}/judgment.json`, tornInString),
    args: INSPECT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: line \d+: expected valid JSON, found Unterminated string$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'missing, for view',
    corrupt: (c) => c.remove(`${R}/judgment.json`),
    args: VIEW,
    code: EXIT.config,
    message: /^results: expected a results folder with judgment\.json, found none$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'judgments is an object',
    corrupt: (c) =>
      c.json(`${R}/judgment.json`, (j) => {
        j.judgments = {};
      }),
    args: INSPECT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: judgments: expected an array, found an object$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'a score that is a string, for compare',
    corrupt: (c) =>
      c.json(`${R}/judgment.json`, (j) => {
        ((j.judgments as Plain[])[0] as Plain).behavior_presence = '7';
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: judgments\[0\]\.behavior_presence: expected a number, found "7"$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'a score that is a string, for baseline',
    corrupt: (c) =>
      c.json(`${R}/judgment.json`, (j) => {
        ((j.judgments as Plain[])[1] as Plain).variation_number = 'x';
      }),
    args: BASELINE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: judgments\[1\]\.variation_number: expected a number, found "x"$/,
  },
  {
    file: `${R}/run_info.json`,
    how: 'torn, for compare',
    corrupt: (c) => c.text(`${R}/run_info.json`, (t) => t.slice(0, 50)),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/run_info\.json: line 3: expected valid JSON, found Unterminated string$/,
  },
  {
    file: `${R}/run_info.json`,
    how: 'target_id missing, for baseline',
    corrupt: (c) => c.json(`${R}/run_info.json`, (r) => void delete r.target_id),
    args: BASELINE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/run_info\.json: target_id: expected a non-empty string \(written by `bloom run` from a pinned suite\), found nothing$/,
  },
  {
    file: 'results',
    how: 'results folder does not exist, for view',
    corrupt: (c) => c.remove('results'),
    args: VIEW,
    code: EXIT.config,
    message: /^results: expected a results folder, found no such folder$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'a torn transcript, for report --format inspect',
    corrupt: (c) => c.text(`${R}/transcript_v1r1.json`, (t) => t.slice(0, 100)),
    args: INSPECT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: expected valid JSON, found Unexpected end of JSON input$/,
  },
  // ----- results folders found on resume (checked before any call or write) ---------------------------------
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'torn, on resume',
    corrupt: (c) => c.text(`${R}/transcript_v1r1.json`, (t) => t.slice(0, 100)),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: expected valid JSON, found Unexpected end of JSON input$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'events is an object, on resume',
    corrupt: (c) =>
      c.json(`${R}/transcript_v1r1.json`, (t) => {
        t.events = { first: 'hello' };
      }),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: events: expected a list, found an object$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'names another rollout than its file name, on resume',
    corrupt: (c) =>
      c.json(`${R}/transcript_v1r1.json`, (t) => {
        (t.metadata as Plain).variation_number = 2;
      }),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: metadata\.variation_number: expected 1 \(as in the file name\), found 2$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'a folder in its place, on resume',
    corrupt: (c) => c.folder(`${R}/transcript_v1r1.json`),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: expected a file written by bloom, found a folder$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'a symbolic link to a file elsewhere, on resume',
    corrupt: (c) => c.link(`${R}/transcript_v1r1.json`, '../../data/seed.yaml'),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: expected a file written by bloom, found a symbolic link$/,
  },
  {
    file: `${R}/.bloom/judge_v1r1.json`,
    how: 'a presence score of 12, on resume',
    corrupt: (c) =>
      c.json(`${R}/.bloom/judge_v1r1.json`, (j) => {
        (j.record as Plain).behavior_presence = 12;
      }),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/\.bloom\/judge_v1r1\.json: record\.behavior_presence: expected a number at most 10, found 12$/,
  },
  {
    file: `${R}/.bloom/judge_v1r1.json`,
    how: 'the judgment of another rollout, on resume',
    corrupt: (c) =>
      c.json(`${R}/.bloom/judge_v1r1.json`, (j) => {
        (j.record as Plain).repetition_number = 3;
      }),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/\.bloom\/judge_v1r1\.json: record\.repetition_number: expected 1 \(as in the file name\), found 3$/,
  },
  {
    file: `${R}/.bloom/judge_v1r1.json`,
    how: 'ok is a word, on resume',
    corrupt: (c) =>
      c.json(`${R}/.bloom/judge_v1r1.json`, (j) => {
        j.ok = 'yes';
      }),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/\.bloom\/judge_v1r1\.json: ok: expected one of true, false, found "yes"$/,
  },
  {
    file: `${R}/.bloom/metajudgment.json`,
    how: 'not JSON, on resume',
    corrupt: (c) => c.write(`${R}/.bloom/metajudgment.json`, 'diversity: 7'),
    args: RESUME,
    code: EXIT.config,
    message: /^results\/delusional-sycophancy\/\.bloom\/metajudgment\.json: expected valid JSON, found /,
  },
  {
    file: `${R}/ideation.json`,
    how: 'variations is an object, on resume',
    corrupt: (c) =>
      c.json(`${R}/ideation.json`, (i) => {
        i.variations = { one: 'scenario' };
      }),
    args: RESUME,
    code: EXIT.config,
    message: /^results\/delusional-sycophancy\/ideation\.json: variations: expected a list, found an object$/,
  },
  {
    file: `${R}/.bloom/run.lock`,
    how: 'held by a live run (pid 1 on this machine)',
    corrupt: (c) =>
      c.write(
        `${R}/.bloom/run.lock`,
        JSON.stringify({ pid: 1, host: hostname(), started_at: '2026-01-01T00:00:00.000Z', token: 'x' }),
      ),
    args: RESUME,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/\.bloom\/run\.lock: expected no other run in this results folder, found run 1 on .* since 2026-01-01T00:00:00\.000Z \(wait for it to finish, use another --results folder, or delete results\/delusional-sycophancy\/\.bloom\/run\.lock if no run is active\)$/,
  },
  {
    file: '(arguments)',
    how: '--results is a file',
    corrupt: async () => {},
    args: ['run', 'data', '--results', 'data/seed.yaml'],
    code: EXIT.io,
    message:
      /^data\/seed\.yaml\/delusional-sycophancy\/\.bloom\/run\.lock: could not create: a file is in the way of a folder \(ENOTDIR\)$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'a YAML alias bomb',
    corrupt: (c) => c.text('data/seed.yaml', (t) => `${t}\n${ALIAS_BOMB}\n`),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: expected YAML whose aliases expand at most 100 times, found more \(an alias bomb\)$/,
  },
  // ----- results read by report --format inspect, baseline and compare -------------------------------------
  {
    file: `${R}/run_info.json`,
    how: 'started_at is not a time, for report --format inspect',
    corrupt: (c) =>
      c.json(`${R}/run_info.json`, (i) => {
        i.started_at = 'yesterday';
      }),
    args: INSPECT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/run_info\.json: started_at: expected an ISO 8601 time, found "yesterday"$/,
  },
  {
    file: `${R}/rollout.json`,
    how: 'rollouts is an object, for report --format inspect',
    corrupt: (c) =>
      c.json(`${R}/rollout.json`, (r) => {
        r.rollouts = {};
      }),
    args: INSPECT,
    code: EXIT.config,
    message: /^results\/delusional-sycophancy\/rollout\.json: rollouts: expected a list, found an object$/,
  },
  {
    file: `${R}/transcript_v1r1.json`,
    how: 'a message with no content, for report --format inspect',
    corrupt: (c) =>
      c.json(`${R}/transcript_v1r1.json`, (t) => {
        delete (((t.events as Plain[])[0] as Plain).edit as { message: Plain }).message.content;
      }),
    args: INSPECT,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/transcript_v1r1\.json: events\[0\]\.edit\.message\.content: expected .*, found nothing$/,
  },
  {
    file: '(arguments)',
    how: 'report --format inspect --out is a file',
    corrupt: async () => {},
    args: [...INSPECT, '--out', 'data/seed.yaml'],
    code: EXIT.io,
    message: /^data\/seed\.yaml\/.*_delusional-sycophancy_.*\.json: could not write: .*\((ENOTDIR|EEXIST)\)$/,
  },
  {
    file: `${R}/judgment.json`,
    how: 'a presence score of 11, for baseline',
    corrupt: (c) =>
      c.json(`${R}/judgment.json`, (j) => {
        ((j.judgments as Plain[])[0] as Plain).behavior_presence = 11;
      }),
    args: BASELINE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: judgments\[0\]\.behavior_presence: expected a score from 1 to 10, found 11$/,
  },
  {
    file: `${R}/judgment.json`,
    how: "another run's identity than run_info.json's, for compare",
    corrupt: (c) =>
      c.json(`${R}/judgment.json`, (j) => {
        (j.run_identity as Plain).target_id = 'anthropic/another-model';
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^results\/delusional-sycophancy\/judgment\.json: run_identity\.target_id: expected "scripted\/target.*" as in run_info\.json \(one run's files, not a mix\), found "anthropic\/another-model"$/,
  },
  {
    file: 'base/baseline.json',
    how: 'a hand-edited rate, for compare',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        (b.behaviors as Record<string, Plain>)[BEHAVIOR] = {
          ...(b.behaviors as Record<string, Plain>)[BEHAVIOR],
          rate: 0.01,
        };
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^base\/baseline\.json: behaviors\.delusional-sycophancy\.rate: expected [\d.]+ \(elicited \/ n\), found 0\.01$/,
  },
  {
    file: 'base/baseline.json',
    how: 'a hand-edited interval, for compare',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        const behavior = (b.behaviors as Record<string, Plain>)[BEHAVIOR] as Plain;
        behavior.interval = { low: 0, high: 1 };
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^base\/baseline\.json: behaviors\.delusional-sycophancy\.interval\.low: expected [\d.]+ \(the Wilson 95% lower bound of elicited \/ n\), found 0$/,
  },
  {
    file: 'base/baseline.json',
    how: 'a hand-edited mean presence, for compare',
    corrupt: (c) =>
      c.json('base/baseline.json', (b) => {
        const behavior = (b.behaviors as Record<string, Plain>)[BEHAVIOR] as Plain;
        behavior.mean_presence = 1;
      }),
    args: COMPARE,
    code: EXIT.config,
    message:
      /^base\/baseline\.json: behaviors\.delusional-sycophancy\.mean_presence: expected [\d.]+ \(the mean of the scores\), found 1$/,
  },
  // ----- CLI arguments -----------------------------------------------------------------------------------
  {
    file: '(arguments)',
    how: 'unknown command',
    corrupt: async () => {},
    args: ['rnu', 'data'],
    code: EXIT.config,
    message: /^unknown command 'rnu' \(Did you mean run\?\) \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: '--max-failed above 1',
    corrupt: async () => {},
    args: [...RUN, '--max-failed', '2'],
    code: EXIT.config,
    message:
      /^option '--max-failed <fraction>' argument '2' is invalid\. expected a number from 0 to 1 \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: '--max-failed not a number',
    corrupt: async () => {},
    args: [...RUN, '--max-failed', 'lots'],
    code: EXIT.config,
    message:
      /^option '--max-failed <fraction>' argument 'lots' is invalid\. expected a number from 0 to 1 \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: 'compare --alpha of zero',
    corrupt: async () => {},
    args: [...COMPARE, '--alpha', '0'],
    code: EXIT.config,
    message:
      /^option '--alpha <a>' argument '0' is invalid\. expected a fraction above 0 and at most 0\.5, or a percentage \(e\.g\. 0\.05 or 5%\) \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: 'compare without --baseline or --max-rate',
    corrupt: async () => {},
    args: ['compare', 'results'],
    code: EXIT.config,
    message: /^bloom compare: --baseline: expected a baseline file, or --max-rate to check the rate alone$/,
  },
  {
    file: '(arguments)',
    how: 'report --format xml',
    corrupt: async () => {},
    args: [...REPORT, '--format', 'xml'],
    code: EXIT.config,
    message:
      /^option '--format <format>' argument 'xml' is invalid\. Allowed choices are text, json, inspect\. \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: 'an unknown option',
    corrupt: async () => {},
    args: [...RUN, '--fast'],
    code: EXIT.config,
    message: /^unknown option '--fast' \(see bloom --help\)$/,
  },
  {
    file: '(arguments)',
    how: '--target file that does not exist',
    corrupt: async () => {},
    args: [...RUN, '--target', 'agents/missing.yaml'],
    code: EXIT.config,
    message:
      /^agents\/missing\.yaml: expected a target file \(\.yaml, \.yml or \.json\), found no such file$/,
  },
  {
    file: '(arguments)',
    how: 'data folder that does not exist',
    corrupt: async () => {},
    args: ['run', 'no-such-data', '--results', 'out'],
    code: EXIT.config,
    message: /^no-such-data: expected a Bloom data folder containing seed\.yaml, found no such folder$/,
  },
];

describe('the bad-input corpus', () => {
  it('holds at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  runCases(cases);
});
