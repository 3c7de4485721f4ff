/**
 * The web app is a client of the JSON API, in-process: every page calls the API through
 * `app.inject()` with the session's bearer token and renders the JSON. Authorisation, validation,
 * errors and the read model stay in one place (api/); the pages only render.
 */
import type { FastifyRequest } from 'fastify';
import type { ErrorBody } from '../contract/schemas';

/** The API's error (`errorSchema` of the contract). */
export type ApiError = ErrorBody['error'];

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: ApiError };

export interface ApiClient {
  get<T>(url: string): Promise<ApiResult<T>>;
  post<T>(url: string, payload: object, headers?: Record<string, string>): Promise<ApiResult<T>>;
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
  return { get: (url) => call('GET', url), post: (url, payload, headers) => call('POST', url, payload, headers) };
}

/** Query string from the set values only. */
export const query = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The API's largest page (contract/schemas.ts `pageSize`). */
const MAX_PAGE = 200;

/**
 * A list endpoint of the read model read page by page, following `nextCursor`, up to `maxItems`
 * items: in pages as large as the API gives (each page is a request with its own token check,
 * validation and serialisation; a 500-item list is three of them, not ten).
 */
export async function listAll<T>(
  api: ApiClient,
  path: string,
  params: Record<string, string | undefined>,
  key: string,
  maxItems = 500,
): Promise<ApiResult<Record<string, unknown>> & { items?: T[] }> {
  const items: T[] = [];
  let next: Record<string, string> = {};
  while (items.length < maxItems) {
    const pageSize = String(Math.min(MAX_PAGE, maxItems - items.length));
    const r = await api.get<Record<string, unknown>>(`${path}${query({ ...params, pageSize, ...next })}`);
    if (!r.ok) return r;
    items.push(...((r.body[key] as T[] | undefined) ?? []));
    const { nextCursor } = r.body as { nextCursor?: string };
    if (!nextCursor) return { ...r, items };
    next = { cursor: nextCursor };
  }
  return { ok: true, status: 200, body: {}, items };
}
