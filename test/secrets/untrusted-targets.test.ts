// A pull request's target tries to leak the runner's secrets. A command target prints its own environment and
// every ancestor's (/proc/<pid>/environ), raw and re-encoded (base64 and base32 at several offsets, hex plain and
// with separators, URL, JSON), on stdout as its reply and on stderr as it fails; an HTTP agent whose URL carries
// credentials echoes them back in a 401 and in its replies. Run as users run them, the bundled CLI (bin/bloom.js) and the bundled action
// (dist/index.js), with planted secrets of every kind the runner holds: no file, log line, output, summary or
// comment may hold any of them in any of those shapes, and the command must not even have been given them.

import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledActionHarness, type Event, runStep, workspace } from '../support/action-step.ts';
import { type CliResult, runBundledCli } from '../support/cli.ts';
import { envRef } from '../targets/demo-copy.ts';
import { filesUnder, leaks, needlesOf } from './needles.ts';

const rand = (bytes = 12) => randomBytes(bytes).toString('hex');
/** Like the runner's: a long JWT, so a cut through its middle would leave a long tail. */
const jwt = () =>
  [
    'eyJhbGciOiJSUzI1NiJ9',
    randomBytes(600).toString('base64url'),
    randomBytes(256).toString('base64url'),
  ].join('.');

const DB_PASSWORD = `dbpass-${rand(6)}`;
const DB_QUERY_TOKEN = `dbq-${rand(6)}`;
const HOOK_TOKEN = `hook-${rand(6)}`;
const SECRETS = {
  GITHUB_TOKEN: `ghs_${rand()}`,
  ACTIONS_RUNTIME_TOKEN: jwt(),
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: jwt(),
  'INPUT_GITHUB-TOKEN': `ghs_${rand()}`,
  ANTHROPIC_API_KEY: `sk-ant-api03-${rand()}`,
  OPENAI_API_KEY: `sk-proj-${rand()}`,
  AGENT_SECRET: `agent-${rand()}`,
  DB_PASSWORD,
  DB_QUERY_TOKEN,
  HOOK_TOKEN,
};
/** The environment holds the secrets, two of them inside URLs whose names say nothing. */
const PLANTED: Record<string, string> = {
  GITHUB_TOKEN: SECRETS.GITHUB_TOKEN,
  ACTIONS_RUNTIME_TOKEN: SECRETS.ACTIONS_RUNTIME_TOKEN,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: SECRETS.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY,
  OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
  AGENT_SECRET: SECRETS.AGENT_SECRET,
  DATABASE_URL: `postgres://app:${DB_PASSWORD}@db.internal:5432/main?sslpassword=${DB_QUERY_TOKEN}`,
  WEBHOOK: `https://hooks.example/notify?token=${HOOK_TOKEN}`,
};
const NEEDLES = needlesOf(SECRETS);

/** The leaking agent: its reply and its stderr carry every environment it can read, in many shapes. */
const DUMP_AGENT = `
import { readFileSync } from 'node:fs';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { messages } = JSON.parse(input);
const environs = [];
// Up to the test runner's own processes (vitest's, by their script under node_modules, not by a folder name), which
// hold no planted secret: only the machine's environment, whose size would multiply the megabytes searched.
for (let pid = process.pid; pid > 1; ) {
  const cmdline = readFileSync('/proc/' + pid + '/cmdline', 'latin1');
  if (cmdline.includes('/node_modules/vitest/') || cmdline.includes('/node_modules/.bin/vitest')) break;
  try { environs.push(readFileSync('/proc/' + pid + '/environ', 'latin1').split('\\0').join('\\n')); } catch {}
  const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
  pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
const all = environs.join('\\n');
const secretLines = all.split('\\n').filter((line) => /TOKEN|KEY|SECRET|PASSWORD|URL|WEBHOOK/.test(line.split('=')[0])).join('\\n');
const shapes = [
  all,
  Buffer.from(all).toString('base64'),
  Buffer.from('x' + all).toString('base64'),
  Buffer.from('xy' + all).toString('base64url'),
  Buffer.from(all).toString('hex'),
  encodeURIComponent(all),
  JSON.stringify(all),
  retold(secretLines),
  dumped(secretLines),
].join('\\n');
// The same lines as tools retell them: case changed, reversed, escaped character by character.
function retold(lines) {
  const chars = [...lines];
  const code = (c) => c.charCodeAt(0);
  return [
    lines.toUpperCase(),
    lines.toLowerCase(),
    [...chars].reverse().join(''),
    chars.map((c) => '\\\\u' + code(c).toString(16).padStart(4, '0')).join(''),
    chars.map((c) => '&#' + code(c) + ';').join(''),
    chars.map((c) => '%' + code(c).toString(16).padStart(2, '0')).join(''),
  ].join('\\n');
}
// The same lines as dumps, debuggers and authenticator apps write bytes: base32 at each of its five byte offsets
// (and in lower case), hex with spaces, colons, dashes, \\x or 0x between the bytes.
function dumped(lines) {
  const hex = [...Buffer.from(lines)].map((b) => b.toString(16).padStart(2, '0'));
  return [
    ...['', 'x', 'xy', 'xyz', 'xyzw'].map((pad) => base32(pad + lines)),
    base32('xy' + lines).toLowerCase(),
    hex.join(' '),
    hex.join(':').toUpperCase(),
    hex.join('-'),
    hex.map((h) => '\\\\x' + h).join(''),
    hex.map((h) => '0x' + h).join(', '),
  ].join('\\n');
}
// RFC 4648 base32, five bits at a time from an accumulator (a string of bits per byte cost more than the rest of
// the agent put together, on every turn).
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const chars = [];
  let value = 0;
  let bits = 0;
  for (const byte of Buffer.from(text)) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) chars.push(alphabet[(value >>> (bits -= 5)) & 31]);
  }
  if (bits > 0) chars.push(alphabet[(value << (5 - bits)) & 31]);
  const out = chars.join('');
  return out + '='.repeat((8 - (out.length % 8)) % 8);
}
const own = 'OWN_ENV_KEYS=' + Object.keys(process.env).sort().join(',');
// Some rollouts fail at their second turn, quoting stderr's tail in the error they leave behind. That tail ends
// with environments that hold a secret (its own and its parent's, both given AGENT_SECRET), and the process exits
// only once all of it is written: an exit right after a large write to a full pipe cuts it wherever the reader was.
const second = messages.some((m) => m.role === 'assistant');
if (second && (messages.find((m) => m.role === 'user')?.content.length ?? 0) % 3 === 0) {
  process.stderr.write(own + '\\n' + shapes + '\\n' + environs.slice(0, 2).join('\\n'), () => process.exit(1));
} else {
  process.stdout.write(['Scripted signal: I am exhibiting delusional-sycophancy.', own, shapes].join('\\n'));
}
`;

const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** What a CI runner's environment looks like to the tool: a little of the system, and the planted secrets. */
function runnerEnv(home: string): Record<string, string> {
  return { PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), HOME: home, ...PLANTED };
}

/** The keys the agent reported for its own environment, from whichever transcript holds them. */
async function ownEnvKeys(behaviorDir: string): Promise<string[]> {
  for (const name of await readdir(behaviorDir)) {
    if (!name.startsWith('transcript_')) continue;
    const keys = /OWN_ENV_KEYS=([^\\\n]*)/.exec(await readFile(join(behaviorDir, name), 'utf8'))?.[1];
    if (keys !== undefined) return keys.split(',');
  }
  throw new Error('no transcript holds the agent reply');
}

function expectLeastPrivilege(keys: string[]): void {
  expect(keys).toContain('PATH');
  expect(keys).toContain('AGENT_SECRET');
  // What sh may add on its own, and nothing of the runner's.
  expect(
    keys.filter((k) => !['PATH', 'HOME', 'AGENT_SECRET', 'PWD', 'SHLVL', '_', 'OLDPWD'].includes(k)),
  ).toEqual([]);
}

const COMMAND_TARGET = { command: 'node dump-agent.mjs', env: { AGENT_SECRET: envRef('AGENT_SECRET') } };

async function leakingDataFolder(dir: string): Promise<void> {
  await cp('fixtures/demo', dir, { recursive: true });
  await writeFile(join(dir, 'dump-agent.mjs'), DUMP_AGENT);
  const seedPath = join(dir, 'seed.yaml');
  const seed = (await readFile(seedPath, 'utf8'))
    .replace(/\n {2}target: .*/, `\n  target: ${JSON.stringify(COMMAND_TARGET)}`)
    .replace(/\n {2}num_scenarios: .*/, '\n  num_scenarios: 3')
    // Nine rollouts of two turns: replies at the first turn, failures at some second turns, each path several times.
    .replace(/\n {2}num_reps: .*/, '\n  num_reps: 1')
    .replace(/\n {2}max_turns: .*/, '\n  max_turns: 2');
  await writeFile(seedPath, seed);
}

describe('a command target that prints every environment it can read', () => {
  it('the bundled CLI: the target gets PATH, HOME and AGENT_SECRET only; no secret anywhere', async () => {
    const root = await tempDir('bloom-leak-cli-');
    await leakingDataFolder(join(root, 'data'));
    const env = runnerEnv(root);
    const outputs: CliResult[] = [];
    const bloom = async (...args: string[]) => {
      const result = await runBundledCli(args, { cwd: root, env });
      outputs.push(result);
      return result;
    };
    const run = await bloom(
      'run',
      'data',
      '--results',
      'results',
      '--max-failed',
      '0.9',
      '--max-reply-bytes',
      '16777216',
    );
    expect(run.code, run.stderr).toBe(0);
    const behaviorDir = join(root, 'results', 'delusional-sycophancy');
    const rollout = JSON.parse(await readFile(join(behaviorDir, 'rollout.json'), 'utf8'));
    // Both paths were taken: replies (the dump in transcripts) and failures (the dump in their stderr tail).
    expect(rollout.successful_count).toBeGreaterThan(0);
    expect(rollout.failed_count).toBeGreaterThan(0);
    expect(JSON.stringify(rollout.rollouts)).toContain('[redacted]');
    expectLeastPrivilege(await ownEnvKeys(behaviorDir));
    for (const args of [
      ['report', 'results', '--format', 'inspect'],
      ['report', 'results', '--json'],
      ['view', 'results'],
      ['baseline', 'results', '--out', 'base/baseline.json'],
      ['compare', 'results', '--baseline', 'base/baseline.json', '--json'],
    ]) {
      const result = await bloom(...args);
      expect(result.code, `bloom ${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    const texts = [
      ...(await filesUnder(root)),
      ...outputs.flatMap((o, i) => [
        { path: `stdout ${i}`, text: o.stdout },
        { path: `stderr ${i}`, text: o.stderr },
      ]),
    ];
    // The dump is really there (proof the checks below can fail): the agent's environment lines, redacted.
    expect(texts.some(({ text }) => text.includes('GITHUB_TOKEN=[redacted]'))).toBe(true);
    expect(texts.some(({ text }) => text.includes(`postgres://app:[redacted]@db.internal`))).toBe(true);
    expect(leaks(texts, NEEDLES)).toEqual([]);
  }, 120_000);

  describe('the bundled action', () => {
    const harness = bundledActionHarness();

    it('masks every secret, and no log line, output, summary, comment or file holds one', async () => {
      const pr: Event = { name: 'pull_request', number: 77 };
      const ws = await workspace(pr, cleanup);
      await rm(join(ws.dir, 'suite'), { recursive: true });
      await leakingDataFolder(join(ws.dir, 'suite'));
      const step = await runStep(
        ws,
        pr,
        { 'github-token': SECRETS['INPUT_GITHUB-TOKEN'], 'max-reply-bytes': '16777216' },
        harness.server,
        { ...PLANTED, 'INPUT_GITHUB-TOKEN': SECRETS['INPUT_GITHUB-TOKEN'], HOME: ws.dir },
      );
      expect(step.stderr).toBe('');
      expect(Object.keys(JSON.parse(step.outputs.rates ?? '{}'))).toEqual(['delusional-sycophancy']);
      // The action evaluates into its own folder under RUNNER_TEMP, named by the results-path output.
      const results = step.outputs['results-path'] ?? '';
      expect(results.startsWith(`${ws.runnerTemp}/`)).toBe(true);
      expectLeastPrivilege(await ownEnvKeys(join(results, 'delusional-sycophancy')));
      // Every secret was handed to the runner to mask (the runner consumes these lines; they are never shown).
      const masked = step.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
      for (const secret of Object.values(SECRETS)) expect(masked).toContain(`::add-mask::${secret}`);
      const comments = harness.server.comments({ owner: 'acme', repo: 'models', issueNumber: 77 });
      expect(comments).toHaveLength(1);
      const texts = [
        {
          path: 'stdout (without ::add-mask::)',
          text: step.stdout
            .split('\n')
            .filter((l) => !masked.includes(l))
            .join('\n'),
        },
        { path: 'stderr', text: step.stderr },
        { path: 'summary', text: step.summary },
        { path: 'outputs', text: JSON.stringify(step.outputs) },
        ...comments.map((c) => ({ path: 'comment', text: c.body })),
        ...(await filesUnder(results)),
      ];
      expect(texts.some(({ text }) => text.includes('ACTIONS_RUNTIME_TOKEN=[redacted]'))).toBe(true);
      expect(leaks(texts, NEEDLES)).toEqual([]);
    }, 120_000);
  });
});

describe('an HTTP agent whose URL carries credentials, echoing what it was sent', () => {
  const USER = `agentuser-${rand(4)}`;
  const PASSWORD = `agentpass-${rand(6)}`;
  const QUERY = `querytoken-${rand(6)}`;
  let agent: { url: string; close: () => void };
  beforeAll(async () => {
    let calls = 0;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        calls++;
        const echo = `I was called at ${req.url} with ${req.headers.authorization}`;
        // The first call is refused, quoting what it got; the others answer with the same echo.
        if (calls === 1) {
          res.writeHead(401, { 'content-type': 'text/plain' });
          res.end(`unauthorized: ${echo}`);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            choices: [
              { message: { content: `Scripted signal: I am exhibiting delusional-sycophancy. ${echo}` } },
            ],
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    agent = {
      url: `http://${USER}:${PASSWORD}@127.0.0.1:${port}/v1/chat/completions?token=${QUERY}`,
      close: () => server.close(),
    };
  });
  afterAll(() => agent.close());

  it('sends them as Basic auth and the query, and writes or prints none of them', async () => {
    const root = await tempDir('bloom-url-creds-');
    await cp('fixtures/demo', join(root, 'data'), { recursive: true });
    await mkdir(join(root, 'results'));
    const env = runnerEnv(root);
    const run = await runBundledCli(
      ['run', 'data', '--results', 'results', '--target', agent.url, '--max-failed', '0.5'],
      {
        cwd: root,
        env,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const rollout = JSON.parse(
      await readFile(join(root, 'results', 'delusional-sycophancy', 'rollout.json'), 'utf8'),
    );
    expect(rollout.failed_count).toBe(1);
    expect(JSON.stringify(rollout.rollouts)).toMatch(
      /HTTP 401: unauthorized: I was called at \/v1\/chat\/completions\?token=\[redacted\] with Basic /,
    );
    // The target is named without its credentials.
    expect(rollout.metadata.target).toMatch(/^http:POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions$/);
    const texts = [
      ...(await filesUnder(root)),
      { path: 'stdout', text: run.stdout },
      { path: 'stderr', text: run.stderr },
    ];
    expect(texts.some(({ text }) => text.includes('token=[redacted]'))).toBe(true);
    expect(leaks(texts, needlesOf({ USER, PASSWORD, QUERY, ...SECRETS }))).toEqual([]);
  }, 60_000);
});
