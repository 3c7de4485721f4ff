/**
 * Callbacks: like a real agency, the stub answers some requests later by calling our API with the
 * matching command, as its own role, with its own Idempotency-Key (`callback-<key>`), retrying a
 * few times with backoff. Outcomes are kept for `GET /_admin/callbacks`.
 */
import type { FastifyBaseLogger } from 'fastify';
import { answeringCommand } from '../domain/answers';
import type { CommandName } from '../domain/commands';
import type { Agency, AgencyRequest } from './requestStore';

/** Roles the stub can act as when it calls our API back. */
export type StubRole = 'employer' | 'region' | 'af';

/** The part of an agency request a callback needs. */
export interface CallbackSource {
  caseId: string;
  orgNr?: string | undefined;
  /** the healthcare region's county code, for a region's token */
  region?: string | undefined;
}

/** Whom a callback token speaks for besides its role: an employer's organisation, a region's code. */
export interface CallbackParty {
  org?: string;
  region?: string;
}

export interface CallbackOutcome {
  /** Idempotency key of the original request. */
  key: string;
  /** Idempotency key sent with the callback: `callback-<key>`. */
  callbackKey: string;
  agency: Agency;
  request: AgencyRequest;
  caseId: string;
  command: string;
  role: StubRole;
  url: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  /** HTTP attempts made so far (first try plus retries). */
  attempts: number;
  /** HTTP status of the last attempt, if any answer came. */
  httpStatus?: number;
  /** Last error (network error or non-2xx status). */
  error?: string;
  scheduledAt: string;
  finishedAt?: string;
}

export interface CallbackSpec {
  command: CommandName;
  role: StubRole;
  body: Record<string, unknown>;
  /** the employer's organisation, for an employer's token */
  byOrg: boolean;
}

/**
 * Requests that a real agency answers later, and what it answers with: the command is the one the
 * party's inbox form sends for that request (domain/answers.ts), with a body like the form's.
 */
const CALLBACKS: Partial<Record<string, Omit<CallbackSpec, 'command'>>> = {
  'employer/sick-report': { role: 'employer', body: {}, byOrg: true },
  'employer/return-to-work-plan': {
    role: 'employer',
    body: {
      via: 'form',
      workTasks: 'Lagerarbete med lyft (stubbens exempelplan).',
      adjustments: 'Halvtid och inga tunga lyft de första fyra veckorna.',
      measures: 'Närmaste chef ändrar schemat; företagshälsovården följer upp efter två veckor.',
    },
    byOrg: true,
  },
  'region/afu': { role: 'region', body: { summary: 'AFU report' }, byOrg: false },
  'region/certificate-completion': { role: 'region', body: { answer: 'Completed certificate' }, byOrg: false },
};

/** The callback the stub sends for a performed request, if the agency answers it later. */
export function callbackSpecOf(agency: Agency, request: string): CallbackSpec | undefined {
  const spec = CALLBACKS[`${agency}/${request}`];
  const command = agency === 'employer' || agency === 'region' || agency === 'af' ? answeringCommand(agency, request) : undefined;
  return spec && command ? { ...spec, command } : undefined;
}

/** Callback retries after the first try, and the backoff before each retry. */
const CALLBACK_RETRIES = 3;
const CALLBACK_BACKOFF_MS = 50;
const CALLBACK_TIMEOUT_MS = 5_000;

/** A sleep that ends early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface CallbackTarget {
  /** Base URL of our API. */
  apiUrl?: string | undefined;
  /** Bearer token for a callback made as `role` (and organisation, for employers; region code, for regions). */
  tokenFor?: ((role: StubRole, party: CallbackParty) => string) | undefined;
}

export class CallbackSender {
  private outcomes: CallbackOutcome[] = [];
  private readonly pending = new Set<Promise<void>>();
  private abort = new AbortController();

  constructor(
    private readonly target: CallbackTarget,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Outcomes so far (a snapshot). */
  list(): CallbackOutcome[] {
    return this.outcomes.map((c) => ({ ...c }));
  }

  /** Cancel the pending ones and forget all. */
  reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.outcomes = [];
  }

  /** Resolve once no callback is scheduled or in flight (including retries). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.drain();
  }

  /** Schedule the callback of a performed request, if the agency answers that request later. */
  schedule(agency: Agency, request: AgencyRequest, key: string, source: CallbackSource, delayMs: number): void {
    const spec = callbackSpecOf(agency, request);
    if (!spec) return;
    const { apiUrl, tokenFor } = this.target;
    if (!apiUrl || !tokenFor) {
      this.log.warn({ agency, request, caseId: source.caseId }, 'callbacks are on but apiUrl/tokenFor are not configured');
      return;
    }
    const outcome: CallbackOutcome = {
      key,
      callbackKey: `callback-${key}`,
      agency,
      request,
      caseId: source.caseId,
      command: spec.command,
      role: spec.role,
      url: `${apiUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(source.caseId)}/commands/${spec.command}`,
      status: 'pending',
      attempts: 0,
      scheduledAt: new Date().toISOString(),
    };
    this.outcomes.push(outcome);
    const party: CallbackParty = {
      ...(spec.byOrg && source.orgNr ? { org: source.orgNr } : {}),
      ...(spec.role === 'region' && source.region ? { region: source.region } : {}),
    };
    const token = () => tokenFor(spec.role, party);
    const ctx = { agency, request, caseId: source.caseId, command: spec.command, key };
    const p: Promise<void> = this.deliver(outcome, spec, token, this.abort.signal, delayMs, ctx)
      .catch((err: unknown) => {
        // Never crash the stub over a callback (e.g. tokenFor throwing).
        outcome.status = 'failed';
        outcome.error = err instanceof Error ? err.message : String(err);
        outcome.finishedAt = new Date().toISOString();
        this.log.warn({ ...ctx, error: outcome.error }, 'callback failed');
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async deliver(
    outcome: CallbackOutcome,
    spec: CallbackSpec,
    token: () => string,
    signal: AbortSignal,
    delayMs: number,
    ctx: Record<string, unknown>,
  ): Promise<void> {
    await sleep(delayMs, signal);
    for (let attempt = 0; attempt <= CALLBACK_RETRIES; attempt++) {
      if (signal.aborted) break;
      if (attempt > 0) {
        await sleep(CALLBACK_BACKOFF_MS * 2 ** (attempt - 1), signal);
        if (signal.aborted) break;
      }
      outcome.attempts++;
      try {
        const res = await fetch(outcome.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token()}`, 'idempotency-key': outcome.callbackKey, 'content-type': 'application/json' },
          body: JSON.stringify(spec.body),
          signal: AbortSignal.any([signal, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
        });
        outcome.httpStatus = res.status;
        await res.text().catch(() => undefined);
        if (res.ok) {
          outcome.status = 'delivered';
          delete outcome.error;
          outcome.finishedAt = new Date().toISOString();
          this.log.info({ ...ctx, attempt: outcome.attempts, status: res.status }, 'callback delivered');
          return;
        }
        outcome.error = `HTTP ${res.status}`;
      } catch (err) {
        if (signal.aborted) break;
        outcome.error = err instanceof Error ? err.message : String(err);
      }
      this.log.warn(
        { ...ctx, attempt: outcome.attempts, status: outcome.httpStatus, error: outcome.error },
        attempt < CALLBACK_RETRIES ? 'callback failed, will retry' : 'callback failed, giving up',
      );
    }
    outcome.status = signal.aborted ? 'cancelled' : 'failed';
    outcome.finishedAt = new Date().toISOString();
  }
}
