/** The bounded list of applied update IDs a case carries across continue-as-new (workflows/recentUpdates.ts). */
import { describe, expect, it } from 'vitest';
import { RECENT_UPDATE_IDS_KEPT, rememberUpdate } from '../../workflows/recentUpdates';

describe('rememberUpdate', () => {
  it('keeps the newest IDs, each once, up to the bound', () => {
    let ids: string[] = [];
    for (let i = 0; i < RECENT_UPDATE_IDS_KEPT + 5; i++) ids = rememberUpdate(ids, `u${i}`);
    expect(ids).toHaveLength(RECENT_UPDATE_IDS_KEPT);
    expect(ids[0]).toBe('u5');
    expect(ids.at(-1)).toBe(`u${RECENT_UPDATE_IDS_KEPT + 4}`);
    expect(rememberUpdate(['a', 'b'], 'a')).toEqual(['b', 'a']);
  });
});
