/** The web app's list reading: pages as large as the API gives, followed by cursor up to a number of items; errors pass through. */
import { describe, expect, it } from 'vitest';
import { listAll, type ApiResult } from '../../web/apiClient';

type Page = ApiResult<{ nextCursor?: string }>;

/** A list read: the answer for each `pageSize[,cursor]` asked for, 404 for any other. */
function fakePages(pages: Record<string, ApiResult<unknown>>, seen: string[]) {
  return async (q: { pageSize: number; cursor?: string }): Promise<Page> => {
    const asked = [q.pageSize, q.cursor].filter((x) => x !== undefined).join(',');
    seen.push(asked);
    return (pages[asked] ?? { ok: false, status: 404, error: { code: 'NOT_FOUND', message: asked } }) as Page;
  };
}

describe('listAll', () => {
  it('follows nextCursor until the last page', async () => {
    const seen: string[] = [];
    const pages = fakePages(
      {
        '200': { ok: true, status: 200, body: { cases: [{ caseId: 'a' }], nextCursor: 'c2' } },
        '200,c2': { ok: true, status: 200, body: { cases: [{ caseId: 'b' }], nextCursor: 'c3' } },
        '200,c3': { ok: true, status: 200, body: { cases: [{ caseId: 'c' }] } },
      },
      seen,
    );
    const r = await listAll<{ caseId: string }>(pages, 'cases');
    expect(r.ok).toBe(true);
    expect(r.items!.map((c) => c.caseId)).toEqual(['a', 'b', 'c']);
    expect(seen).toEqual(['200', '200,c2', '200,c3']);
  });

  it('asks for no more than the items still wanted, stops at maxItems and passes an error through', async () => {
    const seen: string[] = [];
    const loop = fakePages(
      {
        '3': { ok: true, status: 200, body: { tasks: [1], nextCursor: 'x' } },
        '2,x': { ok: true, status: 200, body: { tasks: [2], nextCursor: 'x' } },
        '1,x': { ok: true, status: 200, body: { tasks: [3], nextCursor: 'x' } },
      },
      seen,
    );
    expect((await listAll<number>(loop, 'tasks', 3)).items).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(3);
    const missing = await listAll(fakePages({}, []), 'tasks');
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });
});
