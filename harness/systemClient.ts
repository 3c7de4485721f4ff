/**
 * Talking to a running system over HTTP: the API (as a caseworker) and the stubs' admin API.
 * Used by test/integration/faults.test.ts and scripts/reliability.ts.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TimelineEntry {
  type: string;
  agency?: string;
  request?: string;
  [field: string]: unknown;
}

export interface StubRequestRecord {
  agency: string;
  request: string;
  caseId: string;
  key: string;
  attempts: number;
  failedAttempts: number;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

export class SystemClient {
  constructor(
    readonly apiUrl: string,
    readonly stubsUrl: string,
    readonly bearer: string,
  ) {}

  /** One API call; a 429 (the API's rate limit) is waited out and retried a few times. */
  async api<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    let res: Response;
    for (let attempt = 1; ; attempt++) {
      res = await fetch(`${this.apiUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${this.bearer}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status !== 429 || attempt >= 5) break;
      await res.text();
      await sleep(Math.min(10, Number(res.headers.get('retry-after')) || 2) * 1000);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T };
  }

  /** Opens a case; throws unless 201. */
  async openCase(body: Record<string, unknown>, idempotencyKey?: string): Promise<string> {
    const r = await this.api<{ caseId: string }>('POST', '/cases', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
    if (r.status !== 201) throw new Error(`POST /cases answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.caseId;
  }

  command(caseId: string, command: string, input: unknown, idempotencyKey?: string): Promise<HttpAnswer> {
    return this.api('POST', `/cases/${caseId}/commands/${command}`, input, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  }

  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const r = await this.api<{ timeline: TimelineEntry[] }>('GET', `/cases/${caseId}/timeline`);
    if (r.status !== 200) throw new Error(`GET /cases/${caseId}/timeline answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.timeline;
  }

  /** How many agency requests the case's timeline says were made. */
  async requestedCount(caseId: string): Promise<number> {
    return (await this.timeline(caseId)).filter((e) => e.type === 'agency.requested').length;
  }

  async stub<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.stubsUrl}${url}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`${method} ${url} at the stubs answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Requests the stub performed (one record per idempotency key), for one case or all. */
  async performed(caseId?: string): Promise<StubRequestRecord[]> {
    const q = caseId ? `?caseId=${encodeURIComponent(caseId)}` : '';
    return (await this.stub<{ requests: StubRequestRecord[] }>('GET', `/_admin/requests${q}`)).requests;
  }

  /** Agency requests the stubs have received and not yet answered. */
  async inFlight(): Promise<number> {
    return (await this.stub<{ inFlight: number }>('GET', '/_admin/requests')).inFlight;
  }

  setBehaviour(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.stub('PUT', '/_admin/behaviour', patch);
  }

  getBehaviour(): Promise<Record<string, unknown>> {
    return this.stub('GET', '/_admin/behaviour');
  }

  /** Callbacks the stubs still have to make (scheduled or retrying). */
  async pendingCallbacks(): Promise<number> {
    const { callbacks } = await this.stub<{ callbacks: { status: string }[] }>('GET', '/_admin/callbacks');
    return callbacks.filter((c) => c.status === 'pending').length;
  }
}

/** Polls `check` until it returns a truthy value or `ms` pass; throws with `what` and the last value otherwise. */
export async function waitUntil<T>(what: string, ms: number, check: () => Promise<T>, everyMs = 300): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await sleep(everyMs);
  }
}
