// What a secret always encodes to wherever it starts inside a longer byte string (`env | base64`, a base32 dump):
// a base-2^k encoding packs bits across byte boundaries, so the characters at the secret's edges depend on its
// neighbours, but the ones between depend on the secret's bytes alone, one such run for each byte offset.

export type CoreEncoding = 'base64' | 'base64url' | 'base32';

/** Bits each character carries, and the byte offsets after which the alignment repeats. */
const SHAPE: Record<CoreEncoding, { bits: number; offsets: number }> = {
  base64: { bits: 6, offsets: 3 },
  base64url: { bits: 6, offsets: 3 },
  base32: { bits: 5, offsets: 5 },
};

/** For each byte offset modulo the encoding's period, the characters that encode `bytes` alone (no padding). */
export function encodedCores(bytes: Buffer, encoding: CoreEncoding): string[] {
  const { bits, offsets } = SHAPE[encoding];
  const cores: string[] = [];
  for (let offset = 0; offset < offsets; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const text = encoding === 'base32' ? base32(padded) : padded.toString(encoding);
    cores.push(text.slice(Math.ceil((offset * 8) / bits), Math.floor(((offset + bytes.length) * 8) / bits)));
  }
  return cores;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without the trailing `=` padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let held = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    held += 8;
    while (held >= 5) {
      held -= 5;
      out += BASE32_ALPHABET[(buffer >>> held) & 31];
    }
  }
  if (held > 0) out += BASE32_ALPHABET[(buffer << (5 - held)) & 31];
  return out;
}
