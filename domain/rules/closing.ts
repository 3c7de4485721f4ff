/**
 * Return to work, closing, reassignment and the two-year review (docs/rules.md, "Closing",
 * "Teams and reassignment").
 *
 * Source: SFB 27 kap 45 § (benefit by degree 25/50/75/100 %); FK practice (the case closes on a
 * full return to work, on the benefit's end day, or by the caseworker; a supervisor reviews cases
 * at two years); our policy (the closing notice; the period a closed case leaves for the relapse rule).
 *
 * - Full return to work closes the case (`returned-to-work`); a partial one changes the degree.
 * - Closing by a report or a caseworker sends the insured a closing notice.
 * - An approved end of benefit closes the case on its end day (`benefit-ended`).
 * - Reassign moves the case to another caseworker and, when given, another team.
 */
import { daysBetween, dateOfChainDay, type Period } from '../calendar';
import type { CaseState, DueItem } from '../caseState';
import { addNote, closeCase, completeTask, emit, findOpen, rejection, requestAgency } from '../effects';
import type { Actor, CloseReason } from '../vocabulary';
import type { Handlers, Preconditions } from './handlers';

function closeWithNotice(s: CaseState, today: number, reason: CloseReason, actor: Actor): void {
  requestAgency(s, today, 'insured', 'notice', { fields: { about: 'case-closed' }, actor });
  closeCase(s, today, reason, actor);
}

/** The benefit's end day closes the case. */
export function benefitEndItems(s: CaseState): DueItem[] {
  if (!s.benefit) return [];
  return [{ day: s.benefit.endsOnDay, run: (st, today) => closeCase(st, today, 'benefit-ended') }];
}

export const closingPreconditions: Preconditions = {
  'complete-long-term-review': (s) =>
    findOpen(s, 'long-term-review') ? undefined : rejection(409, 'NO_OPEN_TASK', 'there is no open long-term-review task'),
};

export const closingHandlers: Pick<Handlers, 'report-return-to-work' | 'reassign' | 'complete-long-term-review' | 'close-case'> = {
  'report-return-to-work'(s, i, actor, today) {
    if (i.extent === 'full') {
      closeWithNotice(s, today, 'returned-to-work', actor);
      return;
    }
    s.degree = i.degree!;
    emit(s, today, 'command.recorded', { command: 'report-return-to-work', extent: 'partial', degree: i.degree }, actor);
  },

  reassign(s, i, actor, today) {
    s.caseworkerId = i.caseworkerId;
    if (i.team) s.team = i.team;
    emit(s, today, 'command.recorded', { command: 'reassign', caseworkerId: i.caseworkerId, ...(i.team ? { team: i.team } : {}) }, actor);
  },

  'complete-long-term-review'(s, i, actor, today) {
    addNote(s, today, 'long-term-review', i.note);
    completeTask(s, today, findOpen(s, 'long-term-review')!, actor);
  },

  'close-case'(s, i, actor, today) {
    // the note is free text: encrypted state only, never the timeline, the read model or a log
    addNote(s, today, 'close-note', i.note);
    closeWithNotice(s, today, i.reason, actor);
  },
};

/**
 * The period this case covered, for the relapse rule of a later case. Our choice: the last sick day
 * is the day before a return to work or the benefit's end, otherwise the closing day.
 */
export function periodOf(s: CaseState): Period | undefined {
  if (s.status !== 'closed' || s.closedDay === undefined) return undefined;
  const lastDay = s.closeReason === 'returned-to-work' || s.closeReason === 'benefit-ended' ? s.closedDay - 1 : s.closedDay;
  const from = s.clock.firstSickDay;
  const to = dateOfChainDay(s.clock, Math.max(lastDay, s.clock.priorDays + 1));
  return daysBetween(from, to) >= 0 ? { from, to } : { from, to: from };
}
