/**
 * What FK asks of the region's healthcare: the activity-capacity assessment (AFU) and completion
 * questions on a certificate (docs/rules.md, "AFU" and "Completion questions").
 *
 * Source: FK practice (an AFU report is due 35 days after the order, 63 if extended; a completion
 * question, *komplettering*, is answered within 14 days); our policy for the follow-up tasks' due days.
 *
 * When an AFU is ordered: the region is asked; only one may be outstanding at a time; ordering
 * completes `prepare-day-180` (it is what that task asks for).
 * When its due day comes without a report: the region is reminded once and `follow-up-afu` opens.
 * When a completion question is sent: the region is asked, the answer is due `completionAnswerDays`
 * later; on that day without an answer the region is chased once and `follow-up-completion` opens.
 * An answer or report completes its follow-up task.
 *
 * Rule: someone must be there to ask. Source: SFB 110 kap 14 § (FK may ask healthcare); our policy.
 * When the case names no region (opened before regions were taken from the population register),
 * then an AFU and a completion question are neither offered nor accepted (409 NO_REGION). Behind
 * `RuleSwitches.regionRequired`: a case that started before the rule keeps accepting them until its
 * next continue-as-new (docs/versioning.md).
 */
import type { AfuOrder, CaseState, CompletionQuestion, DueItem } from '../caseState';
import { addNote, completeIfOpen, completeTask, emit, openTaskDueAfterPolicy, policyForDay, rejection, requestAgency } from '../effects';
import type { Actor, TaskName } from '../vocabulary';
import type { Handlers, Precondition, Preconditions } from './handlers';

const outstandingAfu = (s: CaseState): AfuOrder | undefined => s.afuOrders.find((o) => o.reportedDay === undefined);
const unansweredQuestion = (s: CaseState): CompletionQuestion | undefined => s.completionRequests.find((c) => c.answeredDay === undefined);

function completeFollowUp(s: CaseState, today: number, task: TaskName, orderId: number, actor: Actor): void {
  const follow = s.tasks.find((t) => t.task === task && t.status === 'open' && t.orderId === orderId);
  if (follow) completeTask(s, today, follow, actor);
}

/** One chase of the region: on the due day of something unanswered, a reminder and a follow-up task. */
function chaseOnce(
  id: number,
  dueDay: number,
  markChased: (st: CaseState, today: number) => void,
  reminder: 'afu-reminder' | 'certificate-completion-reminder',
  task: 'follow-up-afu' | 'follow-up-completion',
): DueItem {
  return {
    day: dueDay,
    run: (st, today) => {
      markChased(st, today);
      requestAgency(st, today, 'region', reminder);
      openTaskDueAfterPolicy(st, today, task, { orderId: id });
    },
  };
}

/** On an AFU's or a question's due day without an answer: one reminder and a follow-up task. */
export function regionFollowUpItems(s: CaseState): DueItem[] {
  const afu = s.afuOrders
    .filter((o) => o.reportedDay === undefined && o.remindedDay === undefined)
    .map((o) =>
      chaseOnce(
        o.id,
        o.dueDay,
        (st, today) => (st.afuOrders.find((x) => x.id === o.id)!.remindedDay = today),
        'afu-reminder',
        'follow-up-afu',
      ),
    );
  const questions = s.completionRequests
    .filter((q) => q.answeredDay === undefined && q.chasedDay === undefined)
    .map((q) =>
      chaseOnce(
        q.id,
        q.dueDay,
        (st, today) => (st.completionRequests.find((x) => x.id === q.id)!.chasedDay = today),
        'certificate-completion-reminder',
        'follow-up-completion',
      ),
    );
  return [...afu, ...questions];
}

/** A request to the region needs a region to send it to. */
const regionToAsk: Precondition = (s, _actor, _today, rules) =>
  rules.regionRequired && !s.region
    ? rejection(
        409,
        'NO_REGION',
        'the case names no healthcare region to ask; it was opened before regions were taken from the population register',
      )
    : undefined;

export const afuAndCompletionPreconditions: Preconditions = {
  'order-afu': (s, actor, today, rules) =>
    regionToAsk(s, actor, today, rules) ??
    (outstandingAfu(s) ? rejection(409, 'AFU_ALREADY_ORDERED', 'an AFU is already ordered and its report has not arrived') : undefined),
  'request-certificate-completion': regionToAsk,
  'submit-afu-report': (s) =>
    outstandingAfu(s) ? undefined : rejection(409, 'NO_OUTSTANDING_REQUEST', 'no AFU has been ordered for this case'),
  'answer-certificate-completion': (s) =>
    unansweredQuestion(s) ? undefined : rejection(409, 'NO_OUTSTANDING_REQUEST', 'no certificate completion has been requested'),
};

export const afuAndCompletionHandlers: Pick<
  Handlers,
  'order-afu' | 'submit-afu-report' | 'request-certificate-completion' | 'answer-certificate-completion'
> = {
  'order-afu'(s, i, actor, today) {
    const p = policyForDay(s, today);
    s.seq += 1;
    const extended = i.extended ?? false;
    const order: AfuOrder = {
      id: s.seq,
      orderedDay: today,
      extended,
      dueDay: today + (extended ? p.afuReportDays.extended : p.afuReportDays.normal),
    };
    s.afuOrders.push(order);
    requestAgency(s, today, 'region', 'afu', { fields: { dueDay: order.dueDay, extended }, actor });
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'submit-afu-report'(s, i, actor, today) {
    const order = outstandingAfu(s)!;
    order.reportedDay = today;
    addNote(s, today, 'afu-report', i.summary);
    emit(s, today, 'agency.responded', { agency: 'region', request: 'afu', turnaroundDays: today - order.orderedDay }, actor);
    completeFollowUp(s, today, 'follow-up-afu', order.id, actor);
  },

  'request-certificate-completion'(s, i, actor, today) {
    s.seq += 1;
    const dueDay = today + policyForDay(s, today).completionAnswerDays;
    s.completionRequests.push({ id: s.seq, requestedDay: today, dueDay });
    addNote(s, today, 'completion-question', i.question);
    requestAgency(s, today, 'region', 'certificate-completion', { fields: { dueDay }, actor });
    completeIfOpen(s, today, 'prepare-day-180', actor);
  },

  'answer-certificate-completion'(s, i, actor, today) {
    const q = unansweredQuestion(s)!;
    q.answeredDay = today;
    addNote(s, today, 'completion-answer', i.answer);
    emit(s, today, 'agency.responded', { agency: 'region', request: 'certificate-completion' }, actor);
    completeFollowUp(s, today, 'follow-up-completion', q.id, actor);
  },
};
