/**
 * The web app is a client of the JSON API, in-process. The reads of the busiest pages (the work
 * list, a case page, the dashboard) go through `reads`, typed by contract/reads.ts: the API's own
 * implementation (api/reads.ts, given by the server) called with the session's verified claims:
 * the same role check, queries, access-log entries and contract types as the HTTP routes, without
 * an HTTP request simulated per call. Everything else (commands, the other pages) goes through
 * `app.inject()` with the session's bearer token. Authorisation, validation, errors and the read
 * model stay in one place (api/); the pages only render.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CaseReads } from '../contract/reads';
import type { TimelineEventBody } from '../contract/caseRecord';
import type { CaseViewBody, ErrorBody } from '../contract/schemas';
import { toHttpError } from '../platform/httpErrors';
import type { TokenClaims } from '../platform/tokens';

/** The API's error (`errorSchema` of the contract). */
export type ApiError = ErrorBody['error'];

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiError };

/** The reader as the API's reads take it: the session's verified claims and the request's logger. */
export interface WebReader {
  user: TokenClaims;
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** The API's reads (contract/reads.ts) as the signed-in user: each answers as its route would, an error as `{ok: false}`. */
export type Reads = {
  [K in keyof CaseReads<WebReader>]: CaseReads<WebReader>[K] extends (who: WebReader, ...args: infer A) => Promise<infer T>
    ? (...args: A) => Promise<ApiResult<T>>
    : never;
};

export interface ApiClient {
  get<T>(url: string): Promise<ApiResult<T>>;
  post<T>(url: string, payload: object, headers?: Record<string, string>): Promise<ApiResult<T>>;
  reads: Reads;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the API's reads, in-process (web/index.ts decorates the web app with what the server gives it) */
    webReads?: CaseReads<WebReader>;
  }
}

/** An error as the API's error handler answers it (platform/httpErrors.ts), for a read called in-process. */
function asResult(err: unknown, log: WebReader['log']): { ok: false; status: number; error: ApiError } {
  const e = toHttpError(err as never);
  if (!e) {
    log.error({ err }, 'unhandled error');
    return { ok: false, status: 503, error: { code: 'UNAVAILABLE', message: 'the service could not complete the request; retry later' } };
  }
  if (e.statusCode === 503) log.warn({ code: e.code }, e.message);
  return {
    ok: false,
    status: e.statusCode,
    error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } as ApiError,
  };
}

/** The reads called in-process with the session's claims. */
function inProcess(impl: CaseReads<WebReader>, who: WebReader): Reads {
  const call =
    <A extends unknown[], T>(f: (who: WebReader, ...args: A) => Promise<T>) =>
    async (...args: A): Promise<ApiResult<T>> => {
      try {
        return { ok: true, status: 200, body: await f.call(impl, who, ...args) };
      } catch (err) {
        return asResult(err, who.log);
      }
    };
  return {
    tasks: call(impl.tasks),
    cases: call(impl.cases),
    people: call(impl.people),
    view: call(impl.view),
    timeline: call(impl.timeline),
    casePage: call(impl.casePage),
    caseworkers: call(impl.caseworkers),
    stats: call(impl.stats),
    meetings: call(impl.meetings),
  };
}

/** The same reads over the API's HTTP routes (app.inject), when the web app is given no in-process implementation. */
function overHttp(api: Pick<ApiClient, 'get' | 'post'>): Reads {
  return {
    tasks: (q) => api.get(`/tasks${query(q)}`),
    cases: (q) => api.get(`/cases${query(q)}`),
    people: (caseIds) => api.post('/cases/people', { caseIds }),
    view: (caseId) => api.get(`/cases/${caseId}`),
    timeline: (caseId) => api.get(`/cases/${caseId}/timeline`),
    casePage: async (caseId) => {
      const [view, timeline] = await Promise.all([
        api.get<CaseViewBody>(`/cases/${caseId}`),
        api.get<{ timeline: TimelineEventBody[] }>(`/cases/${caseId}/timeline`),
      ]);
      if (!view.ok) return view;
      return timeline.ok ? { ...view, body: { view: view.body, timeline: timeline.body.timeline } } : timeline;
    },
    caseworkers: (team) => api.get(`/caseworkers${query({ team })}`),
    stats: (q) => api.get(`/stats${query(q)}`),
    meetings: (q) => api.get(`/stats/meetings${query(q)}`),
  };
}

/** The API as the signed-in user of this request; the user's own address goes along, so the API's per-client rate limit still applies per person. */
export function apiClient(req: FastifyRequest): ApiClient {
  const token = req.webUser?.token ?? '';
  const call = async <T>(
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> => {
    const res = await req.server.inject({
      method,
      url,
      remoteAddress: req.ip,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(payload ? { payload } : {}),
    });
    let body: unknown;
    try {
      body = res.json();
    } catch {
      body = undefined;
    }
    if (res.statusCode < 400) return { ok: true, status: res.statusCode, body: body as T };
    const error = (body as { error?: ApiError } | undefined)?.error ?? { code: 'UNAVAILABLE', message: `status ${res.statusCode}` };
    return { ok: false, status: res.statusCode, error };
  };
  const http = {
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, payload: object, headers?: Record<string, string>) => call<T>('POST', url, payload, headers),
  };
  const impl = (req.server as FastifyInstance).webReads;
  const claims = req.webUser?.claims;
  return { ...http, reads: impl && claims ? inProcess(impl, { user: claims, log: req.log }) : overHttp(http) };
}

/** Query string from the set values only. */
export const query = (params: object): string => {
  const q = new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]): [string, string] => [k, String(v)]),
  );
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The API's largest page (contract/schemas.ts `pageSize`). */
const MAX_PAGE = 200;

/**
 * A list of the read model read page by page, following `nextCursor`, up to `maxItems` items: in
 * pages as large as the API gives (a 500-item list is three pages, not ten).
 */
export async function listAll<T>(
  page: (q: { pageSize: number; cursor?: string }) => Promise<ApiResult<{ nextCursor?: string }>>,
  key: string,
  maxItems = 500,
): Promise<ApiResult<unknown> & { items?: T[] }> {
  const items: T[] = [];
  let cursor: string | undefined;
  while (items.length < maxItems) {
    const r = await page({ pageSize: Math.min(MAX_PAGE, maxItems - items.length), ...(cursor ? { cursor } : {}) });
    if (!r.ok) return r;
    items.push(...(((r.body as Record<string, unknown>)[key] as T[] | undefined) ?? []));
    cursor = r.body.nextCursor;
    if (!cursor) return { ...r, items };
  }
  return { ok: true, status: 200, body: {}, items };
}
