/**
 * What a case remembers of the commands it applied recently, carried across continue-as-new: one
 * bounded memory for both of the API's promises (docs/rules.md, "Commands applied once"; docs/api.md,
 * "Idempotency-Key"):
 * - the update ID: Temporal deduplicates an update by its ID only within one run, so a client that
 *   retries a command (same update ID) after a continue-as-new gets the case back instead of the
 *   command applied a second time;
 * - for a request with an Idempotency-Key, the hash of (user, key) and the fingerprint of (route,
 *   user, body): a known key that arrives with another fingerprint is rejected (422).
 * Keyed hashes only, never the body or any personal data. Pure (no Temporal): workflows/case.ts asks it.
 */

/** How many applied commands a case remembers: a client retries within minutes, not hundreds of commands later. */
export const RECENT_REQUESTS_KEPT = 200;

export interface KeyedRequest {
  /** keyed hash of (user, Idempotency-Key) */
  keyHash: string;
  /** keyed hash of (route, user, canonical body) */
  fingerprint: string;
}

/** One applied command: its update ID and, if it came with an Idempotency-Key, that request's hashes. */
export interface RecentRequest extends Partial<KeyedRequest> {
  updateId?: string;
}

/** What the workflow input carries of requests: from the opening, and across continue-as-new. */
export interface RecentRequestsCarry {
  /** fingerprint of the POST /cases request that opened the case with an Idempotency-Key */
  openingFingerprint?: string;
  /** the commands applied recently, oldest first (at most RECENT_REQUESTS_KEPT) */
  recentRequests?: RecentRequest[];
  /** carried by runs before the two memories were one (docs/versioning.md): read, never written */
  recentUpdateIds?: string[];
  /** carried by runs before the two memories were one: [keyHash, fingerprint], read, never written */
  requestFingerprints?: [string, string][];
}

/**
 * The memory a run starts with. A run continued from an older one carries two lists, of update IDs
 * and of fingerprints, each oldest first; they are merged newest with newest, so the bound keeps
 * the newest of both.
 */
export function carriedRequests(input: RecentRequestsCarry): RecentRequest[] {
  const ids = input.recentUpdateIds ?? [];
  const prints = input.requestFingerprints ?? [];
  const older: RecentRequest[] = [];
  for (let back = Math.max(ids.length, prints.length); back > 0; back--) {
    const id = ids[ids.length - back];
    const print = prints[prints.length - back];
    if (id !== undefined) older.push({ updateId: id });
    if (print !== undefined) older.push({ keyHash: print[0], fingerprint: print[1] });
  }
  return [...older, ...(input.recentRequests ?? [])].slice(-RECENT_REQUESTS_KEPT);
}

/** The memory with an applied command added last (an earlier entry of its ID or key dropped), the oldest dropped beyond the bound. */
export function remember(
  recent: readonly RecentRequest[],
  updateId: string | undefined,
  request: KeyedRequest | undefined,
): RecentRequest[] {
  if (updateId === undefined && !request) return [...recent];
  const same = (r: RecentRequest): boolean =>
    (updateId !== undefined && r.updateId === updateId) || (request !== undefined && r.keyHash === request.keyHash);
  const entry: RecentRequest = { ...(updateId !== undefined ? { updateId } : {}), ...request };
  return [...recent.filter((r) => !same(r)), entry].slice(-RECENT_REQUESTS_KEPT);
}

/** Was a command with this update ID applied (in this run or one it continued from)? */
export const appliedBefore = (recent: readonly RecentRequest[], updateId: string | undefined): boolean =>
  updateId !== undefined && recent.some((r) => r.updateId === updateId);

/** Was this Idempotency-Key used for another request? */
export const keyReused = (recent: readonly RecentRequest[], request: KeyedRequest | undefined): boolean =>
  request !== undefined && recent.some((r) => r.keyHash === request.keyHash && r.fingerprint !== request.fingerprint);

/** The rejection of a reused key (422 IDEMPOTENCY_KEY_REUSED): the update changes nothing. */
export const KEY_REUSED = {
  status: 422,
  code: 'IDEMPOTENCY_KEY_REUSED',
  message: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
} as const;
