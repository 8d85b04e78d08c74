// Transcript ids. Python Bloom's are random (uuid4), so two runs never share one. Ours are derived: from a run nonce
// (random per run, or fixed by SOURCE_DATE_EPOCH when the user asks for byte-identical output), the rollout, the
// models, and each message's content chained through the ones before it. So a message id names exactly one history:
// two runs share ids only when they ran with the same SOURCE_DATE_EPOCH on the same models and said the same things,
// which is when their files are meant to be the same bytes.

import { createHash } from 'node:crypto';

/** A UUID-shaped id (version 5 style, from SHA-256) derived only from `key`. */
export function deterministicUuid(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  // Set the version nibble to 5 and the variant bits to 10xx so tools that check UUID shape accept it.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A derived id from several parts (joined with a separator no part can fake). */
export function derivedId(...parts: string[]): string {
  return deterministicUuid(parts.join('\u0000'));
}
