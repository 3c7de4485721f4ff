/**
 * How a TypeScript service or script runs as a process of its own: Node itself with tsx's loader
 * (`node --import tsx <script>`), not the `tsx` command. The command runs the script as a second
 * node process under its own, which relays signals to it: about 0.3 s of CPU more per start (the
 * tests start some forty), and a SIGKILL to the command left the script running under pid 1.
 * `nodeArgs`: Node's own flags (the bench's `--cpu-prof`). The pair spreads into `spawn(...)`.
 */
export function tsProcess(script: string, nodeArgs: readonly string[] = []): [command: string, args: string[]] {
  return [process.execPath, [...nodeArgs, '--import', 'tsx', script]];
}
