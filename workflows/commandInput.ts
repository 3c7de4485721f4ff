/**
 * The case workflow's command validation (domain/commandSchemas.ts), with zod loaded on the first
 * command only. Temporal evaluates a workflow's modules afresh for every workflow it creates (a new
 * case, or one evicted from the worker's cache): zod and the schemas were a quarter of the workflow
 * thread's time when cases were loaded, though most creations (a start, a timer) get no command.
 */
import type * as Schemas from '../domain/commandSchemas';
import type { CommandName } from '../domain/commands';
import type { CommandInput } from '../domain/commandSchemas';

let schemas: typeof Schemas | undefined;

export function parseCommandInput<C extends CommandName>(command: C, input: unknown): Schemas.Validation<CommandInput<C>> {
  // a require, not an import: webpack evaluates it when this line runs
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
  schemas ??= require('../domain/commandSchemas') as typeof Schemas;
  return schemas.parseCommandInput(command, input);
}
