/**
 * Certificates and the employer's sick report (docs/rules.md, "Certificates and reports").
 *
 * Source: SFB 27 kap 24 § (a medical certificate from day 8); sjuklönelagen 12 § and SFB 30 kap
 * (the employer reports the sick period to FK); SFB 30 kap 6 § for the expectation a certificate
 * gives the plan rule.
 *
 * When a certificate is registered: the case's degree follows it, and so does the expected duration
 * of the absence: the certificate's `expectedDurationDays` when it gives one; otherwise the days from
 * `firstSickDay` to the end of the sick leave it certifies, if that is longer than the expectation
 * so far (our choice: a certificate that runs shorter does not shorten an expectation). From day 30
 * on, an expectation of ≥ 60 days requests the plan that same day (domain/rules/plan.ts).
 * When the employer's sick report is registered: it answers the day-22 request, or is recorded.
 */
import { daysBetween } from '../calendar';
import type { CaseState } from '../caseState';
import { emit, rejection } from '../effects';
import type { Handlers, Preconditions } from './handlers';
import { employedOnly, maybeRequestPlan } from './plan';

/** The days from `firstSickDay` to the end of the sick leave a certificate certifies. */
const certifiedDays = (s: CaseState, to: string): number => daysBetween(s.clock.firstSickDay, to) + 1;

const sickReportAlreadyRegistered = (s: CaseState): boolean => s.sickReport.registeredDay !== undefined;

export const certificatePreconditions: Preconditions = {
  'register-sick-report': (s) =>
    employedOnly(s, 'the employer sick report') ??
    (sickReportAlreadyRegistered(s) ? rejection(409, 'ALREADY_REGISTERED', 'a sick report is already registered') : undefined),
};

export const certificateHandlers: Pick<Handlers, 'register-certificate' | 'register-sick-report'> = {
  'register-certificate'(s, i, actor, today) {
    s.certificates.push({ from: i.from, to: i.to, degree: i.degree });
    s.degree = i.degree;
    s.expectedDurationDays = i.expectedDurationDays ?? Math.max(s.expectedDurationDays ?? 0, certifiedDays(s, i.to));
    emit(s, today, 'command.recorded', { command: 'register-certificate', from: i.from, to: i.to, degree: i.degree }, actor);
    maybeRequestPlan(s, today, actor);
  },

  'register-sick-report'(s, i, actor, today) {
    s.sickReport.registeredDay = today;
    if (s.sickReport.requestedDay !== undefined) {
      emit(s, today, 'agency.responded', { agency: 'employer', request: 'sick-report' }, actor);
    } else {
      emit(s, today, 'command.recorded', { command: 'register-sick-report', ...(i.receivedOn ? { receivedOn: i.receivedOn } : {}) }, actor);
    }
  },
};
