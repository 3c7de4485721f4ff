/**
 * The shape of a command's rules, grouped by topic in the other modules of domain/rules/:
 * - a `Precondition` says what must hold of the case and the sender whatever the input (an open
 *   task, a pending decision, the employed track…). It decides both whether the command is offered
 *   (`availableCommands`) and, checked again by `applyCommand`, whether it is accepted: one rule,
 *   used twice. A command without one is offered whenever its sender's role and party allow.
 * - a `Handler` checks what depends on the input and changes the state copy it is given (all or
 *   nothing), or returns why the command is rejected.
 */
import type { CommandName } from '../commands';
import type { CommandInput } from '../commandSchemas';
import type { CaseState, Rejection, RuleSwitches } from '../caseState';
import type { Actor } from '../vocabulary';

export type Handler<C extends CommandName> = (
  s: CaseState,
  input: CommandInput<C>,
  actor: Actor,
  today: number,
  /** the rule switches of this run (workflow patches); handlers that no change touched ignore them */
  rules: RuleSwitches,
) => Rejection | void;

export type Handlers = { [C in CommandName]: Handler<C> };

export type Precondition = (
  s: CaseState,
  actor: Actor,
  today: number,
  /** the rule switches of this run (workflow patches); preconditions that no change touched ignore them */
  rules: RuleSwitches,
) => Rejection | undefined;

export type Preconditions = { [C in CommandName]?: Precondition };
