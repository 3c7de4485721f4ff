/**
 * The shape of a command handler: it changes the state copy it is given (all or nothing) or returns
 * why the command is rejected. Handlers are grouped by topic in the other modules of domain/rules/.
 */
import type { CommandInput, CommandName } from '../commands';
import type { CaseState, Rejection } from '../caseState';
import type { Actor } from '../vocabulary';

export type Handler<C extends CommandName> = (s: CaseState, input: CommandInput<C>, actor: Actor, today: number) => Rejection | void;

export type Handlers = { [C in CommandName]: Handler<C> };
