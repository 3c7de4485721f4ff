/** The one bounded memory of applied commands a case carries across continue-as-new (workflows/recentRequests.ts). */
import { describe, expect, it } from 'vitest';
import {
  appliedBefore,
  carriedRequests,
  keyReused,
  RECENT_REQUESTS_KEPT,
  remember,
  type RecentRequest,
} from '../../workflows/recentRequests';

const keyed = (n: number, body = 'a') => ({ keyHash: `k${n}`, fingerprint: `f${n}${body}` });

describe('the memory of recent requests', () => {
  it('keeps the newest commands, each update ID and each key once, up to the one bound', () => {
    let recent: RecentRequest[] = [];
    for (let i = 0; i < RECENT_REQUESTS_KEPT + 5; i++) recent = remember(recent, `u${i}`, i % 2 ? keyed(i) : undefined);
    expect(recent).toHaveLength(RECENT_REQUESTS_KEPT);
    expect(recent[0]).toEqual({ updateId: 'u5', ...keyed(5) });
    expect(appliedBefore(recent, 'u4')).toBe(false);
    expect(appliedBefore(recent, `u${RECENT_REQUESTS_KEPT + 4}`)).toBe(true);
    expect(remember([{ updateId: 'a' }, { updateId: 'b' }], 'a', undefined)).toEqual([{ updateId: 'b' }, { updateId: 'a' }]);
    expect(remember([{ updateId: 'a', ...keyed(1) }], 'c', keyed(1))).toEqual([{ updateId: 'c', ...keyed(1) }]);
  });

  it('a known key with another fingerprint is reused; the same request, or an unknown key, or none, is not', () => {
    const recent = remember([], 'u1', keyed(1));
    expect(keyReused(recent, keyed(1, 'other body'))).toBe(true);
    expect(keyReused(recent, keyed(1))).toBe(false);
    expect(keyReused(recent, keyed(2))).toBe(false);
    expect(keyReused(recent, undefined)).toBe(false);
    expect(keyReused(remember([], 'u2', undefined), keyed(1, 'x'))).toBe(false);
  });

  it('reads what a run before the one memory carried: its update IDs and its fingerprints, the newest of both kept', () => {
    const recentUpdateIds = Array.from({ length: RECENT_REQUESTS_KEPT }, (_, i) => `old-${i}`);
    const requestFingerprints = Array.from({ length: 3 }, (_, i) => [`k${i}`, `f${i}`] as [string, string]);
    const recent = carriedRequests({ recentUpdateIds, requestFingerprints });
    expect(recent).toHaveLength(RECENT_REQUESTS_KEPT);
    expect(appliedBefore(recent, `old-${RECENT_REQUESTS_KEPT - 1}`)).toBe(true);
    expect(appliedBefore(recent, 'old-0')).toBe(false); // the bound dropped the oldest
    for (const [k] of requestFingerprints) expect(keyReused(recent, { keyHash: k, fingerprint: 'changed' })).toBe(true);
    expect(carriedRequests({ requestFingerprints })).toEqual(
      requestFingerprints.map(([keyHash, fingerprint]) => ({ keyHash, fingerprint })),
    );
    expect(carriedRequests({ recentRequests: [{ updateId: 'new' }] })).toEqual([{ updateId: 'new' }]);
    expect(carriedRequests({})).toEqual([]);
  });
});
