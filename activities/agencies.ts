/**
 * Activities: the calls to the outside agencies (docs/rules.md, "Outside parties"), over HTTP to the agency services
 * (in this project the stubs of stubs/). Built by a factory that receives its dependencies.
 *
 * Every request carries its idempotency key (`Idempotency-Key`), so an agency performs it once
 * however often Temporal retries the activity. Only the case ID and dates are sent: no personnummer
 * and no health data leave through these calls' payloads.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AgencyRequest, AgencyResponse } from '../domain/caseMachine';

export interface AgencyActivityDeps {
  /** base URL of the agency services */
  agenciesUrl: string;
  /** per-attempt HTTP timeout */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** told the outcome and duration of every attempt (the worker's metrics) */
  observe?: (o: AgencyAttempt) => void;
}

/** One HTTP attempt at an agency: `ok`, `refused` (4xx, for good), `failed` (5xx, retried) or `unreachable` (retried). */
export interface AgencyAttempt {
  agency: string;
  request: string;
  outcome: 'ok' | 'refused' | 'failed' | 'unreachable';
  seconds: number;
}

export function createAgencyActivities(deps: AgencyActivityDeps) {
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return {
    async sendAgencyRequest(req: AgencyRequest): Promise<AgencyResponse> {
      const started = performance.now();
      const observe = (outcome: AgencyAttempt['outcome']): void =>
        deps.observe?.({ agency: req.agency, request: req.request, outcome, seconds: (performance.now() - started) / 1000 });
      const url = `${deps.agenciesUrl}/${req.agency}/${req.request}`;
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': req.key },
          body: JSON.stringify({
            caseId: req.caseId,
            requestedOn: req.requestedOn,
            ...(req.orgNr ? { orgNr: req.orgNr } : {}),
            ...(req.region ? { region: req.region } : {}),
            ...(req.latestDate ? { latestDate: req.latestDate } : {}),
            ...(req.meetingDate ? { meetingDate: req.meetingDate } : {}),
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        // network error or timeout: retryable
        observe('unreachable');
        throw new Error(`${req.agency}/${req.request} unreachable: ${(err as Error).message}`);
      }
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        observe('failed');
        throw new Error(`${req.agency}/${req.request} answered ${res.status}`);
      }
      if (!res.ok) {
        observe('refused');
        throw ApplicationFailure.nonRetryable(`${req.agency}/${req.request} refused the request (${res.status})`, 'AgencyRefused');
      }
      const answer = (await res.json()) as AgencyResponse;
      observe('ok');
      return answer;
    },
  };
}

export type AgencyActivities = ReturnType<typeof createAgencyActivities>;
