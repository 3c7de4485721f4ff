/**
 * The case workflow's command validation (domain/commandSchemas.ts), with zod loaded on the first
 * command only. Temporal evaluates a workflow's modules afresh for every workflow it creates (a new
 * case, or one evicted from the worker's cache): zod and the schemas were a quarter of the workflow
 * thread's time when cases were loaded, though most creations (a start, a timer) get no command.
 */
import type * as Schemas from '../domain/commandSchemas';
import type { CommandName } from '../domain/commands';
import type { CommandInput } from '../domain/commandSchemas';
import { isCloseReason } from '../domain/vocabulary';

let schemas: typeof Schemas | undefined;

/**
 * Histories recorded before closing reasons were a fixed list (2026-12) hold `close-case` with a
 * free-text reason: replayed, it becomes reason `other` with the text as its (encrypted) note, so an
 * old case neither fails its replay nor puts the text back into the timeline. Only for runs that
 * started before the change (`oldRun`); a new run rejects a free-text reason like the API does.
 */
export function fromOldHistory(command: CommandName, input: unknown): unknown {
  if (command !== 'close-case' || typeof input !== 'object' || input === null) return input;
  const { reason, ...rest } = input as { reason?: unknown };
  if (typeof reason !== 'string' || isCloseReason(reason)) return input;
  return { ...rest, reason: 'other', note: reason };
}

export function parseCommandInput<C extends CommandName>(command: C, input: unknown, oldRun = false): Schemas.Validation<CommandInput<C>> {
  // a require, not an import: webpack evaluates it when this line runs
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  schemas ??= require('../domain/commandSchemas') as typeof Schemas;
  return schemas.parseCommandInput(command, oldRun ? fromOldHistory(command, input) : input);
}
