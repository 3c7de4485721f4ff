/**
 * What a relapse carries over (docs/rules.md, "The chain clock": "What a relapse carries over").
 *
 * Source: SFB 27 kap 48 § third paragraph (a relapse continues the chain); SFB 30 kap 6 § (the
 * employer's plan is drawn up once for the absence); FK practice (an exception decided stays in force
 * until ended; an approved first assessment against normal work is not reviewed again; the insured
 * is not told again what they were told); our policy (confirm-exception due in 14 days).
 *
 * When a case closes, what the chain has established is kept for a later case of the same person
 * (the read model stores it under the person key, never the personnummer): a plan received, the
 * exception in force, an approved first normal-work assessment, the notices sent.
 * When a relapse opens with it: the plan is not requested again; the exception stays in force, is
 * shown on the case and task `confirm-exception` asks the caseworker to confirm or end it; the first
 * normal-work assessment is not reviewed again; the notices already sent are not sent again.
 */
import { exceptionApplies } from '../rulebook';
import type { CarriedOver, CaseState } from '../caseState';
import { openTaskDueAfterPolicy } from '../effects';

export type { CarriedOver } from '../caseState';

/** What this case has established that a relapse carries over. */
export function carriedOverOf(s: CaseState): CarriedOver {
  return {
    ...(s.plan.registeredDay !== undefined ? { planReceived: true as const } : {}),
    ...(s.exception ? { exception: s.exception.exception } : {}),
    ...(s.normalWorkApproved ? { normalWorkApproved: true as const } : {}),
    ...(s.noticesDone.length ? { noticesDone: [...s.noticesDone] } : {}),
  };
}

/**
 * Take over what the earlier case established (called by openCase on a relapse, before the first
 * criterion is set). Returns what was carried over, for the `case.opened` event.
 */
export function takeOver(s: CaseState, c: CarriedOver): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  if (c.planReceived && s.track === 'employed') {
    s.plan = { registeredDay: s.openedOnDay, carriedOver: true };
    shown.plan = true;
  }
  if (c.exception && exceptionApplies(s.track, c.exception)) {
    s.exception = { exception: c.exception, day: s.openedOnDay, carriedOver: true };
    shown.exception = c.exception;
  }
  if (c.normalWorkApproved) {
    s.normalWorkApproved = true;
    shown.normalWorkApproved = true;
  }
  if (c.noticesDone?.length) s.noticesDone = [...new Set([...s.noticesDone, ...c.noticesDone])];
  return shown;
}

/** A carried-over exception is confirmed or ended by the caseworker. */
export function askToConfirmException(s: CaseState): void {
  if (s.exception?.carriedOver) openTaskDueAfterPolicy(s, s.openedOnDay, 'confirm-exception');
}
