/** platform/tokenVerifier.ts rememberVerified: a token's signature is checked once, then trusted for a bounded time. */
import { describe, expect, it } from 'vitest';
import { rememberVerified } from '../../platform/tokenVerifier';
import type { TokenClaims } from '../../platform/tokens';

const KEEP_MS = 60_000;

function counted(exp = 10_000) {
  const clock = { now: 1_000_000 };
  const checked: string[] = [];
  let refuseNext = false;
  const verify = rememberVerified(
    KEEP_MS,
    async (token) => {
      checked.push(token);
      if (refuseNext) {
        refuseNext = false;
        throw new Error(`refused ${token}`);
      }
      return { claims: { sub: token, role: 'caseworker' } as TokenClaims, exp };
    },
    () => clock.now,
  );
  return { verify, checked, clock, refuse: () => (refuseNext = true) };
}

describe('verified tokens are remembered', () => {
  it('checks a token once while it is kept, and every other token on its own', async () => {
    const t = counted();
    expect(await t.verify('a')).toEqual({ sub: 'a', role: 'caseworker' });
    expect(await t.verify('a')).toEqual({ sub: 'a', role: 'caseworker' });
    expect(await t.verify('b')).toEqual({ sub: 'b', role: 'caseworker' });
    expect(t.checked).toEqual(['a', 'b']);
    // one object for every request with the token: nobody may change it
    expect(Object.isFrozen(await t.verify('a'))).toBe(true);
  });

  it('checks it again after the keep time, and at its expiry if that comes first', async () => {
    const t = counted();
    await t.verify('a');
    t.clock.now += KEEP_MS - 1;
    await t.verify('a');
    expect(t.checked).toEqual(['a']);
    t.clock.now += 1;
    await t.verify('a');
    expect(t.checked).toEqual(['a', 'a']);

    const soon = counted(1_010); // exp: 10 s after the clock starts (seconds; the clock is in ms)
    await soon.verify('s');
    soon.clock.now = 1_010_000 - 1;
    await soon.verify('s');
    soon.clock.now = 1_010_000;
    await soon.verify('s');
    expect(soon.checked).toEqual(['s', 's']);
  });

  it('does not remember a refusal', async () => {
    const t = counted();
    t.refuse();
    await expect(t.verify('a')).rejects.toThrow('refused a');
    expect(await t.verify('a')).toMatchObject({ sub: 'a' });
    expect(t.checked).toEqual(['a', 'a']);
  });

  it('keeps at most 10,000 tokens, forgetting the oldest first', async () => {
    const t = counted();
    for (let i = 0; i <= 10_000; i++) await t.verify(`t${i}`);
    await t.verify('t10000');
    await t.verify('t1');
    expect(t.checked.length).toBe(10_001);
    await t.verify('t0');
    expect(t.checked.length).toBe(10_002);
  });
});
