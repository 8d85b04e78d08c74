// Test-only hook: the pipeline's annotations (purpose, sampleKey, meta) as request headers, so a local test
// server can answer a real SDK request with the scripted provider's reply. Off unless the registry is told to
// (env BLOOM_WIRE_ANNOTATIONS=1); real providers never see these headers otherwise.

import type { CompletionRequest } from './types.ts';

export const ANNOTATION_HEADERS = {
  purpose: 'x-bloom-purpose',
  sampleKey: 'x-bloom-sample-key',
  meta: 'x-bloom-meta',
} as const;

/** Header values are ASCII-safe: the sample key is URI-encoded, meta is base64url JSON. */
export function annotationHeaders(request: CompletionRequest): Record<string, string> {
  const headers: Record<string, string> = { [ANNOTATION_HEADERS.purpose]: request.purpose };
  if (request.sampleKey !== undefined) {
    headers[ANNOTATION_HEADERS.sampleKey] = encodeURIComponent(request.sampleKey);
  }
  if (request.meta !== undefined) {
    headers[ANNOTATION_HEADERS.meta] = Buffer.from(JSON.stringify(request.meta)).toString('base64url');
  }
  return headers;
}

/** The per-call options both SDKs take: the caller's abort signal, and the annotation headers when turned on. */
export function sdkCallOptions(
  request: CompletionRequest,
  wireAnnotations: boolean | undefined,
): { signal?: AbortSignal; headers?: Record<string, string> } {
  return {
    signal: request.signal,
    ...(wireAnnotations ? { headers: annotationHeaders(request) } : {}),
  };
}

/** A batch item carries no headers of its own: under the same test-only switch, its annotations ride in the item. */
export const BATCH_ANNOTATIONS_KEY = 'x_bloom_annotations';

export function batchItemAnnotations(
  request: CompletionRequest,
  wireAnnotations: boolean | undefined,
): Record<string, Record<string, string>> {
  return wireAnnotations ? { [BATCH_ANNOTATIONS_KEY]: annotationHeaders(request) } : {};
}
