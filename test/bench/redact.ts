// `node test/bench/redact.ts`: what redaction costs per model reply, with the secrets a GitHub runner holds (two
// long JWTs, a workflow token, two provider keys, an agent token), against the 2.5 ms of one core the scheduling
// rows allow per call. Prints one line per measure; timings vary with the machine.

import { randomBytes } from 'node:crypto';
import { Redactor } from '../../src/util/redact.ts';

const jwt = () =>
  [
    'eyJhbGciOiJSUzI1NiJ9',
    randomBytes(600).toString('base64url'),
    randomBytes(256).toString('base64url'),
  ].join('.');
const secrets = [
  jwt(),
  jwt(),
  `ghs_${randomBytes(18).toString('hex')}`,
  `sk-ant-api03-${randomBytes(40).toString('base64url')}`,
  `sk-proj-${randomBytes(40).toString('base64url')}`,
  `agent-token-${randomBytes(12).toString('hex')}`,
];

const started = performance.now();
const redactor = new Redactor(secrets);
const buildMs = performance.now() - started;

const prose = 'the assistant weighs whether to agree with the user, and explains why it will not. '.repeat(
  20_000,
);
const reply = prose.slice(0, 2048);
const huge = prose.slice(0, 1024 * 1024);

function perCallMs(text: string, calls: number, on: Redactor = redactor): number {
  for (let i = 0; i < Math.min(calls, 200); i++) on.redact(text);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) on.redact(text);
  return (performance.now() - t0) / calls;
}

console.log(`index of ${secrets.length} secrets built in ${buildMs.toFixed(1)} ms (once per run)`);
console.log(`2 KB reply: ${(perCallMs(reply, 20_000) * 1000).toFixed(1)} µs per redaction`);
console.log(`1 MiB reply (the default cap): ${perCallMs(huge, 20).toFixed(1)} ms per redaction`);
// The worst case for the separated-hex scan: a reply that is all hex bytes with spaces between them.
const hexDump = [...randomBytes(360 * 1024)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
console.log(`1 MiB hex dump (\`xx xx xx\`): ${perCallMs(hexDump, 10).toFixed(1)} ms per redaction`);
console.log(
  `2 KB reply, no secret in the environment: ${(perCallMs(reply, 20_000, new Redactor()) * 1000).toFixed(2)} µs`,
);
