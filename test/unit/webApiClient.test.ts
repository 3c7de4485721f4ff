/** The web app's list reading: pages are followed by either cursor style, errors pass through. */
import { describe, expect, it } from 'vitest';
import { listAll, type ApiClient, type ApiResult } from '../../web/apiClient';

function fakeApi(pages: Record<string, ApiResult<unknown>>, seen: string[]): ApiClient {
  return {
    get: async <T>(url: string) => {
      seen.push(url);
      return (pages[url] ?? { ok: false, status: 404, error: { code: 'NOT_FOUND', message: url } }) as ApiResult<T>;
    },
    post: async () => ({ ok: false, status: 405, error: { code: 'X', message: '' } }),
  };
}

describe('listAll', () => {
  it('follows nextCursor until the last page', async () => {
    const seen: string[] = [];
    const api = fakeApi(
      {
        '/cases?status=open': { ok: true, status: 200, body: { cases: [{ caseId: 'a' }], nextCursor: 'c2' } },
        '/cases?status=open&cursor=c2': { ok: true, status: 200, body: { cases: [{ caseId: 'b' }], nextCursor: 'c3' } },
        '/cases?status=open&cursor=c3': { ok: true, status: 200, body: { cases: [{ caseId: 'c' }] } },
      },
      seen,
    );
    const r = await listAll<{ caseId: string }>(api, '/cases', { status: 'open', team: undefined }, 'cases');
    expect(r.ok).toBe(true);
    expect(r.items!.map((c) => c.caseId)).toEqual(['a', 'b', 'c']);
    expect(seen).toHaveLength(3);
  });

  it('stops after maxPages and passes an error through', async () => {
    const loop = fakeApi(
      {
        '/tasks': { ok: true, status: 200, body: { tasks: [1], nextCursor: 'x' } },
        '/tasks?cursor=x': { ok: true, status: 200, body: { tasks: [2], nextCursor: 'x' } },
      },
      [],
    );
    expect((await listAll<number>(loop, '/tasks', {}, 'tasks', 3)).items).toEqual([1, 2, 2]);
    const missing = await listAll(fakeApi({}, []), '/tasks', { assignee: 'me' }, 'tasks');
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });
});
