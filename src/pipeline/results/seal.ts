// A run's identity is a hash of public inputs: anyone can write it into a forged file. So every file a run reads
// back (understanding, ideation, transcripts, judge results, the meta-judgment) also carries a seal, an HMAC of
// its name and content under a key that stays on this machine (in the user's state folder, never in the results).
// A run resumes only files this machine's bloom sealed: files committed to a repository, copied from elsewhere or
// edited by hand are set aside and made afresh. BLOOM_RESULTS_KEY shares a key between machines that resume each
// other's folders.

import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { RUN_SEAL_KEY } from '../../formats/stamps.ts';
import { errnoOf } from '../../util/errors.ts';
import { tempPathFor } from '../../util/fs.ts';

const TRANSCRIPT = /^transcript_v\d+r\d+\.json$/;

export interface Sealer {
  /** `value` as written to `path`: with its seal. */
  sealed<T extends object>(path: string, value: T): T;
  /** Whether the parsed content of `path` carries this machine's seal of exactly that content. */
  verify(path: string, data: Record<string, unknown>): boolean;
}

/** Where the seal lives: a transcript's under metadata (the v3.0 schema's place for extra keys), others on top. */
function holderOf(path: string, value: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!TRANSCRIPT.test(basename(path))) return value;
  const metadata = value.metadata;
  return metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : undefined;
}

/** `value` without its seal: the content the seal is computed over. */
function withoutSeal(path: string, value: Record<string, unknown>): Record<string, unknown> {
  const holder = holderOf(path, value);
  if (!holder || !(RUN_SEAL_KEY in holder)) return value;
  const { [RUN_SEAL_KEY]: _seal, ...rest } = holder;
  return holder === value ? rest : { ...value, metadata: rest };
}

export function createSealer(key: Buffer): Sealer {
  // Prepared once: a raw Buffer would be turned into a key object again for every file.
  const secret = createSecretKey(key);
  // JSON.stringify of parsed JSON gives back the text it was made from, so a reader recomputes the same seal.
  const mac = (path: string, content: unknown) =>
    createHmac('sha256', secret)
      .update(`${basename(path)}\n`)
      .update(JSON.stringify(content))
      .digest('hex');
  return {
    sealed(path, value) {
      const plain = withoutSeal(path, value as Record<string, unknown>);
      const seal = mac(path, plain);
      return (
        TRANSCRIPT.test(basename(path))
          ? { ...plain, metadata: { ...(plain.metadata as object), [RUN_SEAL_KEY]: seal } }
          : { ...plain, [RUN_SEAL_KEY]: seal }
      ) as typeof value;
    },
    verify(path, data) {
      const found = holderOf(path, data)?.[RUN_SEAL_KEY];
      if (typeof found !== 'string' || !/^[0-9a-f]{64}$/.test(found)) return false;
      const expected = Buffer.from(mac(path, withoutSeal(path, data)), 'hex');
      return timingSafeEqual(expected, Buffer.from(found, 'hex'));
    },
  };
}

/** Where this machine's key is kept: the XDG state folder, else ~/.local/state. */
export function resultsKeyPath(env: NodeJS.ProcessEnv): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'bloom-action', 'results.key');
}

/** A key made in this process when none can be kept: its files can then be resumed by this process only. */
let ephemeral: Buffer | undefined;

/**
 * BLOOM_RESULTS_KEY when set; else the key file, made on first use (32 random bytes, readable by the user alone,
 * created whole with a hard link so two first runs agree on one key).
 */
export async function loadResultsKey(env: NodeJS.ProcessEnv): Promise<Buffer> {
  if (env.BLOOM_RESULTS_KEY) return Buffer.from(env.BLOOM_RESULTS_KEY, 'utf8');
  const path = resultsKeyPath(env);
  try {
    return await readKey(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') return fallbackKey();
  }
  try {
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    const tmp = tempPathFor(path);
    await writeFile(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    await link(tmp, path).catch((error: unknown) => {
      if (errnoOf(error) !== 'EEXIST') throw error;
    });
    await rm(tmp, { force: true });
    return await readKey(path);
  } catch {
    return fallbackKey();
  }
}

async function readKey(path: string): Promise<Buffer> {
  const text = (await readFile(path, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw Object.assign(new Error('not a key'), { code: 'EINVAL' });
  return Buffer.from(text, 'hex');
}

function fallbackKey(): Buffer {
  ephemeral ??= randomBytes(32);
  return ephemeral;
}
