/**
 * One sick-leave case as a pure state machine: the small public API the workflow uses. The rules
 * themselves are in domain/rules/, one module per topic, each opening with what it implements and
 * its source; docs/rules.md lists every rule with its source, its code and its test.
 *
 * The Temporal workflow (workflows/case.ts) owns time and side effects; this module owns every rule.
 * - `openCase` builds the initial state;
 * - `advance(state, today)` handles everything that has come due up to a chain day (milestones,
 *   overdue tasks, reminders, the benefit's end), earliest first, so a late-opened case catches up
 *   in order;
 * - `applyCommand` authorises, validates and applies one command (a rejected one changes nothing);
 * - `availableCommands` lists the commands a user may send now, by the same checks `applyCommand`
 *   makes before it looks at the input (so the web app and API clients never guess);
 * - `applyAgencyResponse` records what an agency answered to a request;
 * - `nextDueDay` says when the workflow must wake up next (no daily polling).
 * Every change appends timeline events and, where an agency must be asked, an `AgencyRequest` to the
 * outbox that the workflow performs through an activity.
 */
import { COMMAND_ROLES, COMMANDS, type CommandName } from './commands';
import type { CommandInput } from './commandSchemas';
import { isParty } from './parties';
import {
  CURRENT_RULES,
  type AgencyRequest,
  type AgencyResponse,
  type CaseState,
  type CommandResult,
  type DueItem,
  type Rejection,
  type RuleSwitches,
} from './caseState';
import { caseViewOf, type CaseView } from './caseView';
import { emit, jsonCopy, rejection } from './effects';
import { afuAndCompletionHandlers, afuAndCompletionPreconditions, regionFollowUpItems } from './rules/afuAndCompletions';
import { certificateHandlers, certificatePreconditions } from './rules/certificates';
import { benefitEndItems, closingHandlers, closingPreconditions } from './rules/closing';
import { decisionHandlers, decisionPreconditions } from './rules/decisions';
import { hearingHandlers, hearingItems, hearingPreconditions } from './rules/hearing';
import type { Handler, Handlers, Preconditions } from './rules/handlers';
import { applyTransitionMeetingAnswer, meetingAndConsentHandlers, meetingAndConsentPreconditions } from './rules/meetingsAndConsent';
import { chainItems } from './rules/milestones';
import { planHandlers, planItems, planPreconditions } from './rules/plan';
import type { Actor } from './vocabulary';

export type * from './caseState';
export { CURRENT_RULES } from './caseState';
export type { CaseView, StuckRequest } from './caseView';
export { openCase } from './rules/opening';
export { periodOf } from './rules/closing';

const handlers: Handlers = {
  ...certificateHandlers,
  ...planHandlers,
  ...afuAndCompletionHandlers,
  ...meetingAndConsentHandlers,
  ...decisionHandlers,
  ...hearingHandlers,
  ...closingHandlers,
};

const preconditions: Preconditions = {
  ...certificatePreconditions,
  ...planPreconditions,
  ...afuAndCompletionPreconditions,
  ...meetingAndConsentPreconditions,
  ...decisionPreconditions,
  ...hearingPreconditions,
  ...closingPreconditions,
};

/** A task not done by its due day is overdue from the day after. */
function overdueItems(s: CaseState): DueItem[] {
  return s.tasks
    .filter((t) => t.status === 'open' && !t.overdue)
    .map((t) => ({
      day: t.dueDay + 1,
      run: (st, today) => {
        const task = st.tasks.find((x) => x.id === t.id)!;
        task.overdue = true;
        emit(st, today, 'task.overdue', { task: task.task, dueDay: task.dueDay });
      },
    }));
}

function dueItems(s: CaseState, rules: RuleSwitches): DueItem[] {
  if (s.status === 'closed') return [];
  return [
    ...chainItems(s, rules),
    ...overdueItems(s),
    ...regionFollowUpItems(s),
    ...planItems(s),
    ...hearingItems(s),
    ...benefitEndItems(s),
  ];
}

/** Handle, earliest first, everything due on or before `today` (a late case catches up in order). */
export function advance(s: CaseState, today: number, rules: RuleSwitches = CURRENT_RULES): CaseState {
  for (let guard = 0; guard < 1000 && s.status === 'open'; guard++) {
    const first = dueItems(s, rules)
      .filter((i) => i.day <= today)
      .sort((a, b) => a.day - b.day)[0];
    if (!first) break;
    first.run(s, today);
  }
  if (s.status === 'open') s.handledThrough = Math.max(s.handledThrough, today);
  return s;
}

/** The next chain day something comes due (the workflow's next timer), or undefined. */
export function nextDueDay(s: CaseState, rules: RuleSwitches = CURRENT_RULES): number | undefined {
  const days = dueItems(s, rules)
    .map((i) => i.day)
    .filter((d) => d > s.handledThrough);
  return days.length ? Math.min(...days) : undefined;
}

/** Who may send a command on this case: the role matrix, and agencies only on cases they are a party to (domain/parties.ts). */
export function authorise(s: CaseState, command: CommandName, actor: Actor): Rejection | undefined {
  if (!COMMAND_ROLES[command].includes(actor.role)) return rejection(403, 'FORBIDDEN', `the role ${actor.role} may not send ${command}`);
  if (!isParty(s, actor, command)) return rejection(403, 'NOT_A_PARTY', `this ${actor.role} is not a party to the case`);
  return undefined;
}

/**
 * Why `actor` may not send `command` on this case today, whatever the input: the case is closed, the
 * role or party does not allow it, or the command's precondition (domain/rules/handlers.ts) fails.
 */
function refusal(s: CaseState, command: CommandName, actor: Actor, today: number, rules: RuleSwitches): Rejection | undefined {
  if (s.status === 'closed') return rejection(409, 'CASE_CLOSED', `the case is closed (${s.closeReason})`);
  return authorise(s, command, actor) ?? preconditions[command]?.(s, actor, today, rules);
}

/** The commands `actor` may send on this case on chain day `today` (the state advanced to that day). */
export const availableCommands = (s: CaseState, actor: Actor, today: number, rules: RuleSwitches = CURRENT_RULES): CommandName[] =>
  COMMANDS.filter((c) => !refusal(s, c, actor, today, rules));

/**
 * Apply a command as of chain day `today`, on a copy advanced to that day: refusal first, then the
 * handler's checks of the input. Never mutates `state`: a rejected command leaves no trace.
 */
export function applyCommand<C extends CommandName>(
  state: CaseState,
  command: C,
  input: CommandInput<C>,
  actor: Actor,
  today: number,
  rules: RuleSwitches = CURRENT_RULES,
): CommandResult {
  const s = advance(jsonCopy(state), today, rules);
  const refused = refusal(s, command, actor, today, rules);
  if (refused) return { ok: false, rejection: refused };
  const handler = handlers[command] as Handler<C>;
  const rejected = handler(s, input, actor, today, rules);
  return rejected ? { ok: false, rejection: rejected } : { ok: true, state: s };
}

/** What an agency answered over HTTP to a request of ours (answers by callback arrive as commands). */
export function applyAgencyResponse(s: CaseState, req: AgencyRequest, res: AgencyResponse, today: number): void {
  if (req.agency !== 'af' && req.agency !== 'av') return; // employer, region and insured answer later, by callback
  emit(s, today, 'agency.responded', {
    agency: req.agency,
    request: req.request,
    ...(res.slot && !req.meetingDate ? { slot: res.slot } : {}),
  });
  if (req.request === 'transition-meeting') applyTransitionMeetingAnswer(s, req, res, today);
}

/** Take the requests decided since the last call (the workflow performs them). */
export function drainOutbox(s: CaseState): AgencyRequest[] {
  const out = s.outbox;
  s.outbox = [];
  return out;
}

/** The case as the API shows it on chain day `today`; for a user (`actor`), with the commands they may send now. */
export const viewOf = (s: CaseState, today: number, rules: RuleSwitches = CURRENT_RULES, actor?: Actor): CaseView => ({
  ...caseViewOf(s, today, nextDueDay(s, rules)),
  ...(actor ? { availableCommands: availableCommands(s, actor, today, rules) } : {}),
});
