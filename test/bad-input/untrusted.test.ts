// Inputs a pull request writes to reach outside its lane: paths that leave the data folder (`..`, absolute paths,
// committed symbolic links to /proc/self/environ), behavior names that are not plain file names, counts that would
// fill the memory, targets given the runner's own tokens or a cloud metadata address. Each gets one line naming
// the file, the key and the rule, exit 2, before anything is read from outside, called or written.

import { describe } from 'vitest';
import { EXIT } from '../../src/util/errors.ts';
import { envRef } from '../targets/demo-copy.ts';
import { type Case, type Corrupt, runCases } from './cases.ts';

type Plain = Record<string, unknown>;

const RUN = ['run', 'data', '--results', 'out'];
const PIN_RUN = ['run', 'pinned', '--results', 'out'];
const seed = (c: Corrupt, edit: (s: Plain) => unknown) => c.yaml('data/seed.yaml', edit);
const section = (s: Plain, key: string) => s[key] as Plain;
const setTarget = (target: unknown) => (c: Corrupt) =>
  seed(c, (s) => {
    section(s, 'rollout').target = target;
  });
const OUTSIDE = 'expected a path inside the data folder \\(symbolic links followed\\), found';
const SECRET_FILE = '/proc/self/environ';

const containment: Case[] = [
  {
    file: 'data/seed.yaml',
    how: 'an example named with ../ up to /proc/self/environ',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'behavior').examples = ['../../../../../../../../proc/self/environ'];
      }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: behavior\\.examples\\[0\\]: ${OUTSIDE} "\\.\\./\\.\\./.*/proc/self/environ", which leads outside it$`,
    ),
  },
  {
    file: 'data/behaviors/examples/delusional-sycophancy-signals.json',
    how: 'a committed symbolic link to /proc/self/environ',
    corrupt: (c) => c.link('data/behaviors/examples/delusional-sycophancy-signals.json', SECRET_FILE),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: behavior\\.examples\\[0\\]: ${OUTSIDE} "delusional-sycophancy-signals", which leads outside it$`,
    ),
  },
  {
    file: 'data/seed.yaml',
    how: 'configurable_prompts names a file above the data folder',
    corrupt: (c) =>
      seed(c, (s) => {
        s.configurable_prompts = '../../base/baseline';
      }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: configurable_prompts: ${OUTSIDE} "\\.\\./\\.\\./base/baseline"`),
  },
  {
    file: 'data/configurable_prompts/default.json',
    how: 'a symbolic link out of the data folder',
    corrupt: (c) => c.link('data/configurable_prompts/default.json', '../../base/baseline.json'),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: configurable_prompts: ${OUTSIDE} "default", which leads outside it$`,
    ),
  },
  ...['seed.yaml', 'behaviors.json', 'models.json'].map(
    (name): Case => ({
      file: `data/${name}`,
      how: 'a symbolic link to /proc/self/environ',
      corrupt: (c) => c.link(`data/${name}`, SECRET_FILE),
      args: RUN,
      code: EXIT.config,
      message: new RegExp(`^data/${name.replace('.', '\\.')}: ${OUTSIDE} "${name.replace('.', '\\.')}"`),
    }),
  ),
  {
    file: 'data/seed.yaml',
    how: 'system_prompt_file is /proc/self/environ',
    corrupt: setTarget({ model: 'demo-target', system_prompt_file: SECRET_FILE }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: rollout\\.target\\.system_prompt_file: ${OUTSIDE} "/proc/self/environ", which leads outside it$`,
    ),
  },
  {
    file: 'data/seed.yaml',
    how: 'system_prompt_file climbs out with ../',
    corrupt: setTarget({ model: 'demo-target', system_prompt_file: '../base/baseline.json' }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: rollout\\.target\\.system_prompt_file: ${OUTSIDE} "\\.\\./base/baseline\\.json"`,
    ),
  },
  {
    file: 'data/prompt.md',
    how: 'system_prompt_file is a symbolic link to /proc/self/environ',
    corrupt: async (c) => {
      await c.link('data/prompt.md', SECRET_FILE);
      await setTarget({ model: 'demo-target', system_prompt_file: 'prompt.md' })(c);
    },
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: rollout\\.target\\.system_prompt_file: ${OUTSIDE} "prompt\\.md"`),
  },
  {
    file: 'pinned/suite.lock.json',
    how: 'a symbolic link to /proc/self/environ',
    corrupt: (c) => c.link('pinned/suite.lock.json', SECRET_FILE),
    args: PIN_RUN,
    code: EXIT.config,
    message: new RegExp(
      `^pinned/suite\\.lock\\.json: ${OUTSIDE} "suite\\.lock\\.json", which leads outside it$`,
    ),
  },
  {
    file: 'agent.yaml',
    how: 'a --target file that is a symbolic link to /proc/self/environ',
    corrupt: (c) => c.link('agent.yaml', SECRET_FILE),
    args: [...RUN, '--target', 'agent.yaml'],
    code: EXIT.config,
    message: new RegExp(`^agent\\.yaml: ${OUTSIDE} "agent\\.yaml", which leads outside it$`),
  },
];

const NAME_RULE =
  'expected a name usable as a folder and an artifact path: 1 to 128 characters, not \\. or \\.\\., no space at either end, ' +
  'and none of / \\\\ : \\? \\| " < > \\* or control or invisible characters';

const unsafeNames: Case[] = [
  '..',
  '.',
  '../outside',
  'a/b',
  'a\\b',
  'why?',
  'a:b',
  'pipe|d',
  'quote"d',
  '<tag>',
  'star*',
  'nul\u0000byte',
  'tab\there',
  'line\nbreak',
  'right-to-left\u202Eexe',
  'tag\u{E0041}chars',
  ' padded ',
  'x'.repeat(129),
].map(
  (name): Case => ({
    file: 'data/seed.yaml',
    how: `behavior.name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}...` : name)}`,
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'behavior').name = name;
      }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: behavior\\.name: ${NAME_RULE}, found "`),
  }),
);

const counts: Case[] = [
  ['rollout', 'num_reps', 1_000_000_000, 'a number at most 1000'],
  ['rollout', 'max_turns', 1_000_000, 'a number at most 100'],
  ['ideation', 'num_scenarios', 1_000_000, 'a number at most 1000'],
  ['judgment', 'num_samples', 1000, 'a number at most 20'],
  ['judgment', 'max_tokens', 1e9, 'a number at most 1000000'],
].map(
  ([key, name, value, expected]): Case => ({
    file: 'data/seed.yaml',
    how: `${key}.${name} of ${value}`,
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, key as string)[name as string] = value;
      }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: ${key}\\.${name}: expected ${expected}, found ${value}$`),
  }),
);

counts.push(
  {
    file: 'data/seed.yaml',
    how: 'max_concurrent of a million',
    corrupt: (c) =>
      seed(c, (s) => {
        s.max_concurrent = 1_000_000;
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: max_concurrent: expected a number at most 1000, found 1000000$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'older era: total_evals of a hundred million',
    corrupt: (c) =>
      seed(c, (s) => {
        s.ideation = { model: 'demo-evaluator', max_tokens: 8000, total_evals: 100_000_000, diversity: 1 };
      }),
    args: RUN,
    code: EXIT.config,
    message: /^data\/seed\.yaml: ideation\.total_evals: expected a number at most 10000, found 100000000$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'older era: a diversity that plans over 10000 variations',
    corrupt: (c) =>
      seed(c, (s) => {
        s.ideation = { model: 'demo-evaluator', max_tokens: 8000, total_evals: 10_000, diversity: 0.0015 };
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: ideation\.diversity: expected at most 10000 variations in all, found 15 base scenarios x 667 = 10005$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'variations x num_reps over 100000 rollouts',
    corrupt: (c) =>
      seed(c, (s) => {
        section(s, 'ideation').num_scenarios = 1000;
        section(s, 'rollout').num_reps = 1000;
      }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.num_reps: expected at most 100000 rollouts in all \(variations x num_reps\), found \d+ x 1000 = \d+$/,
  },
);

/** A target's timers and retries: Node fires a timer over 2^31 - 1 ms at once, and attempts x timeout is the wait. */
const targetBounds: Case[] = [
  [
    { http: { url: 'http://127.0.0.1:9/v1', timeout_ms: 99_999_999_999 } },
    'http.timeout_ms',
    'a number at most 3600000',
    99_999_999_999,
  ],
  [
    { http: { url: 'http://127.0.0.1:9/v1', max_attempts: 1_000_000 } },
    'http.max_attempts',
    'a number at most 20',
    1_000_000,
  ],
  [
    { command: 'node agent.mjs', timeout_ms: 99_999_999_999 },
    'timeout_ms',
    'a number at most 3600000',
    99_999_999_999,
  ],
].map(
  ([target, key, expected, value]): Case => ({
    file: 'data/seed.yaml',
    how: `rollout.target.${key} of ${value}`,
    corrupt: setTarget(target),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: rollout\\.target\\.${String(key).replace('.', '\\.')}: expected ${expected}, found ${value}$`,
    ),
  }),
);

const RUNNER_TOKENS =
  "expected a variable other than the runner's own tokens \\(GITHUB_TOKEN, ACTIONS_\\*, INPUT_\\*\\)";

const targets: Case[] = [
  {
    file: 'data/models.json',
    how: 'api_key_env names GITHUB_TOKEN (the key goes to a base_url the same file chooses)',
    corrupt: (c) =>
      c.json('data/models.json', (m) => {
        m['demo-target'] = {
          id: 'openai/x',
          base_url: 'https://collector.example/v1',
          api_key_env: 'GITHUB_TOKEN',
        };
      }),
    args: RUN,
    env: { GITHUB_TOKEN: 'ghs_planted_token_value' },
    code: EXIT.config,
    message: new RegExp(
      `^data/models\\.json: demo-target\\.api_key_env: ${RUNNER_TOKENS}, found "GITHUB_TOKEN"$`,
    ),
  },
  {
    file: 'data/seed.yaml',
    how: `an HTTP agent header sends ${envRef('GITHUB_TOKEN')}`,
    corrupt: setTarget({
      http: {
        url: 'https://agent.example/chat',
        headers: { Authorization: `Bearer ${envRef('GITHUB_TOKEN')}` },
      },
    }),
    args: RUN,
    env: { GITHUB_TOKEN: 'ghs_planted_token_value' },
    code: EXIT.config,
    message: new RegExp(
      `^data/seed\\.yaml: rollout\\.target\\.http\\.headers\\.Authorization: ${RUNNER_TOKENS}; pass a token of its own under another name, found \\$\\{GITHUB_TOKEN\\}$`,
    ),
  },
  {
    file: 'data/seed.yaml',
    how: `a command target is given ${envRef('ACTIONS_RUNTIME_TOKEN')}`,
    corrupt: setTarget({ command: 'node agent.mjs', env: { TOKEN: envRef('ACTIONS_RUNTIME_TOKEN') } }),
    args: RUN,
    code: EXIT.config,
    message: new RegExp(`^data/seed\\.yaml: rollout\\.target\\.env\\.TOKEN: ${RUNNER_TOKENS}`),
  },
  {
    file: 'data/seed.yaml',
    how: 'an HTTP agent at the cloud metadata address',
    corrupt: setTarget({
      http: { url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' },
    }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.target\.http\.url: expected an address outside the link-local ranges 169\.254\.0\.0\/16 and fe80::\/10 and the cloud metadata addresses, found the host 169\.254\.169\.254$/,
  },
  {
    file: 'data/seed.yaml',
    how: 'an HTTP agent with a file: URL',
    corrupt: setTarget({ http: { url: 'file:///proc/self/environ' } }),
    args: RUN,
    code: EXIT.config,
    message:
      /^data\/seed\.yaml: rollout\.target\.http\.url: expected an http:\/\/ or https:\/\/ url, found "file:/,
  },
  {
    file: '(arguments)',
    how: '--target at an IPv4-mapped link-local address',
    corrupt: async () => {},
    args: [...RUN, '--target', 'http://[::ffff:169.254.169.254]/v1/chat/completions'],
    code: EXIT.config,
    message:
      /^--target: http\.url: expected an address outside the link-local ranges .*, found the host \[::ffff:a9fe:a9fe\]$/,
  },
  {
    file: '(arguments)',
    how: '--max-reply-bytes below 1 KiB',
    corrupt: async () => {},
    args: [...RUN, '--max-reply-bytes', '10'],
    code: EXIT.config,
    message:
      /^option '--max-reply-bytes <n>' argument '10' is invalid\. expected a whole number of bytes from 1024 to 268435456 \(see bloom --help\)$/,
  },
];

describe('inputs that reach outside their lane', () => {
  runCases([...containment, ...unsafeNames, ...counts, ...targetBounds, ...targets]);
});
