/**
 * Idempotency keys (docs/api.md, the IETF idempotency-key draft): a retried request with the same key
 * is answered as the first; the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED.
 * Only keyed hashes leave this module: a client's key could be anything (even a personnummer), and
 * Temporal stores update IDs and workflow IDs in clear.
 */
import crypto from 'node:crypto';
import { HttpError } from '../platform/httpErrors';
import type { KeyedRequest } from '../workflows/recentRequests';

const hmac = (secret: string, text: string): string => crypto.createHmac('sha256', secret).update(text).digest('hex');

/** JSON with object keys sorted, so two spellings of one body have one fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The hashes of a keyed request: (user, key) and (route, user, body). */
export function keyedRequest(secret: string, user: string, key: string, route: string, body: unknown): KeyedRequest {
  return { keyHash: hmac(secret, `${user}\n${key}`), fingerprint: hmac(secret, `${route}\n${user}\n${canonicalJson(body)}`) };
}

export const keyReused = (): HttpError =>
  new HttpError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    'this Idempotency-Key was already used for a different request; use a new key for a new request',
  );
