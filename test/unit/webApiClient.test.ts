/** The web app's list reading: pages as large as the API gives, followed by cursor up to a number of items; errors pass through. */
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
        '/cases?status=open&pageSize=200': { ok: true, status: 200, body: { cases: [{ caseId: 'a' }], nextCursor: 'c2' } },
        '/cases?status=open&pageSize=200&cursor=c2': { ok: true, status: 200, body: { cases: [{ caseId: 'b' }], nextCursor: 'c3' } },
        '/cases?status=open&pageSize=200&cursor=c3': { ok: true, status: 200, body: { cases: [{ caseId: 'c' }] } },
      },
      seen,
    );
    const r = await listAll<{ caseId: string }>(api, '/cases', { status: 'open', team: undefined }, 'cases');
    expect(r.ok).toBe(true);
    expect(r.items!.map((c) => c.caseId)).toEqual(['a', 'b', 'c']);
    expect(seen).toHaveLength(3);
  });

  it('asks for no more than the items still wanted, stops at maxItems and passes an error through', async () => {
    const seen: string[] = [];
    const loop = fakeApi(
      {
        '/tasks?pageSize=3': { ok: true, status: 200, body: { tasks: [1], nextCursor: 'x' } },
        '/tasks?pageSize=2&cursor=x': { ok: true, status: 200, body: { tasks: [2], nextCursor: 'x' } },
        '/tasks?pageSize=1&cursor=x': { ok: true, status: 200, body: { tasks: [3], nextCursor: 'x' } },
      },
      seen,
    );
    expect((await listAll<number>(loop, '/tasks', {}, 'tasks', 3)).items).toEqual([1, 2, 3]);
    expect(seen).toHaveLength(3);
    const missing = await listAll(fakeApi({}, []), '/tasks', { assignee: 'me' }, 'tasks');
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });
});
