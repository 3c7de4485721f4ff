/**
 * The process groups SystemProcesses starts (./systemProcesses.ts): each service is the leader of its
 * own group, and an exit hook kills every group still alive should the test runner die.
 */
/** Every process group started by any SystemProcesses in this process, for the exit hook. */
export const liveGroups = new Set<number>();
let exitHookInstalled = false;
export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of liveGroups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
}

export function isAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
