/**
 * The stubs' idempotency store: each request is performed at most once per Idempotency-Key (a
 * retry gets the first answer again), and every attempt per key is counted, failed ones too.
 */
import type { AGENCY_REQUESTS } from '../domain/vocabulary';

export type Agency = keyof typeof AGENCY_REQUESTS;
export type AgencyRequest<A extends Agency = Agency> = (typeof AGENCY_REQUESTS)[A][number];

export type StubResponse =
  { reference: string; slot: string } | { reference: string; acknowledged: true } | { reference: string; accepted: true };

/** One performed request (one per idempotency key), as listed by `GET /_admin/requests`. */
export interface StubRecord {
  agency: Agency;
  request: AgencyRequest;
  caseId: string;
  key: string;
  requestedOn: string;
  /** Every HTTP attempt with this key that passed validation: failed, performed and duplicates. */
  attempts: number;
  /** Attempts with this key answered 503 (down or injected failure). */
  failedAttempts: number;
  /** ISO timestamp of the (single) performance. */
  performedAt: string;
  /** What was answered, and is answered again for duplicates. */
  response: StubResponse;
}

/** Attempt counts per idempotency key, including keys never performed. */
export interface AttemptStats {
  attempts: number;
  failedAttempts: number;
}

export type Performed = Omit<StubRecord, 'attempts' | 'failedAttempts'>;

export class RequestStore {
  private readonly performed = new Map<string, Performed>();
  private readonly stats = new Map<string, AttemptStats>();
  /** agency requests received and not yet answered (e.g. waiting out the latency) */
  inFlight = 0;

  /** What was performed under `key`, if anything. */
  performedUnder(key: string): Performed | undefined {
    return this.performed.get(key);
  }

  /** Count an attempt with `key`; returns its stats, to count a failure on. */
  countAttempt(key: string): AttemptStats {
    const s = this.stats.get(key) ?? { attempts: 0, failedAttempts: 0 };
    this.stats.set(key, s);
    s.attempts++;
    return s;
  }

  perform(p: Performed): void {
    this.performed.set(p.key, p);
  }

  /** Performed requests in the order they were performed (a snapshot). */
  records(): StubRecord[] {
    return [...this.performed.values()].map((p) => {
      const s = this.stats.get(p.key) ?? { attempts: 0, failedAttempts: 0 };
      return { ...p, attempts: s.attempts, failedAttempts: s.failedAttempts };
    });
  }

  /** Attempt counts per key, including keys never performed (a snapshot). */
  attempts(): Map<string, AttemptStats> {
    return new Map([...this.stats].map(([k, v]) => [k, { ...v }]));
  }

  clear(): void {
    this.performed.clear();
    this.stats.clear();
  }
}
