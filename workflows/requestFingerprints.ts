/**
 * Idempotency keys whose request changed (docs/api.md: the same key with a different body → 422).
 * The API sends, with a keyed request, a hash of (user, key) and a fingerprint of (route, user,
 * body) — both keyed hashes, never the body or any personal data. The case remembers the
 * fingerprints of its recent keyed requests (carried across continue-as-new) and rejects a known
 * key that arrives with another fingerprint. The opening request's fingerprint travels in the
 * workflow input and is read back by a query when the same key opens again.
 */
import { defineQuery, setHandler } from '@temporalio/workflow';
import { rejectionFailure } from '../platform/rejections';

export interface KeyedRequest {
  /** keyed hash of (user, Idempotency-Key) */
  keyHash: string;
  /** keyed hash of (route, user, canonical body) */
  fingerprint: string;
}

export interface FingerprintCarry {
  /** fingerprint of the POST /cases request that opened the case with an Idempotency-Key */
  openingFingerprint?: string;
  /** [keyHash, fingerprint] of recent keyed commands, oldest first */
  requestFingerprints?: [string, string][];
}

export const openingQuery = defineQuery<{ fingerprint: string | null; priorDays: number }>('opening');

/** How many keyed commands a case remembers; a client retries within minutes, not hundreds of commands later. */
const REMEMBERED = 200;

export function requestFingerprints(input: FingerprintCarry & { opening: { priorDays: number } }) {
  const seen = new Map(input.requestFingerprints ?? []);
  setHandler(openingQuery, () => ({ fingerprint: input.openingFingerprint ?? null, priorDays: input.opening.priorDays }));
  return {
    /** Throws the 422 rejection when this key was used before for another request. */
    check(request: KeyedRequest | undefined): void {
      const earlier = request && seen.get(request.keyHash);
      if (earlier !== undefined && earlier !== request!.fingerprint) {
        throw rejectionFailure({
          status: 422,
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
        });
      }
    },
    record(request: KeyedRequest | undefined): void {
      if (!request) return;
      seen.delete(request.keyHash);
      seen.set(request.keyHash, request.fingerprint);
      while (seen.size > REMEMBERED) seen.delete(seen.keys().next().value!);
    },
    carried: (): [string, string][] => [...seen],
  };
}
