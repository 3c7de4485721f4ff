/**
 * Which actions a case page offers, and where: the case's `availableCommands` (what the domain
 * allows this user now, from the API); a command that does an open task is shown beside that task.
 */
import type { CommandName } from '../domain/commands';
import type { CaseViewBody } from '../contract/schemas';
import type { TaskName } from '../domain/vocabulary';

/** The action that does an open task (a task without one is done elsewhere, e.g. a follow-up call). */
export const TASK_COMMANDS: Partial<Record<TaskName, CommandName>> = {
  'assess-work-capacity': 'assess-work-capacity',
  'assess-rehab-need': 'assess-rehab-need',
  'decide-employer-report': 'decide-employer-report',
  'prepare-day-180': 'order-afu',
  'review-decision': 'review-decision',
  'book-transition-meeting': 'schedule-meeting',
  'long-term-review': 'complete-long-term-review',
};

/** The commands the API offers this user now (`availableCommands`), those that complete an open task first. */
export function offeredCommands(view: Pick<CaseViewBody, 'availableCommands' | 'openTasks'>): CommandName[] {
  const tasks = new Set<string>(view.openTasks.map((t) => t.task));
  return [...view.availableCommands.filter((c) => tasks.has(c)), ...view.availableCommands.filter((c) => !tasks.has(c))];
}

/** Open tasks each with the command that does it (if offered), and the offered commands no task claims. */
export function placeActions(
  tasks: readonly { task: string }[],
  offered: readonly CommandName[],
): { taskCommands: (CommandName | undefined)[]; rest: CommandName[] } {
  const claimed = new Set<CommandName>();
  const taskCommands = tasks.map((t) => {
    const c = TASK_COMMANDS[t.task as TaskName];
    if (!c || !offered.includes(c) || claimed.has(c)) return undefined;
    claimed.add(c);
    return c;
  });
  return { taskCommands, rest: offered.filter((c) => !claimed.has(c)) };
}
