/**
 * Process supervision shared by `npm start` (scripts/start.ts) and `npm run start:cluster`
 * (scripts/start-cluster.ts): start services as child processes, restart the ones that may crash,
 * and on Ctrl-C / SIGTERM stop them all in reverse start order so nothing is left running. The test
 * harness (harness/) starts its servers with the same helpers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { Connection } from '@temporalio/client';
import { projectRoot } from './config';
import { METRICS_PORTS } from './metrics';
import { tsProcess } from './tsProcess';
import type { Logger } from 'pino';

/** A crashed service is restarted at most this often per minute; past that, everything stops. */
const MAX_RESTARTS_PER_MINUTE = 5;

export interface RunOptions {
  /** If it dies unexpectedly (a crashed worker, say) start it again, like a supervisor would. */
  restart?: boolean;
  /** The signal that stops it gracefully (PostgreSQL: SIGINT, its "fast" shutdown). */
  stopSignal?: NodeJS.Signals;
  /** Run as this user (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Its own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) then reaches
   * it only through stopAll(), after the services that depend on it (the server and its database).
   */
  ownGroup?: boolean;
}

export class Supervisor {
  private readonly children: { name: string; proc: ChildProcess; stopSignal: NodeJS.Signals }[] = [];
  private stopping = false;

  /**
   * @param stopTimeoutMs how long stopAll() gives each service to exit on its stop signal before it
   * is killed (SIGKILL); 15 s lets a worker drain its tasks
   */
  constructor(
    private readonly log: Logger,
    private readonly stopTimeoutMs = 15_000,
  ) {
    // Last resort: whatever happens to this process, its children go with it.
    process.on('exit', () => {
      for (const { proc } of this.children) killTree(proc, 'SIGKILL');
    });
  }

  /**
   * The first signal stops gracefully; a second one (a second Ctrl-C, or the same signal relayed by
   * npm/tsx) must not kill this process with the children still running: it hurries them instead.
   */
  stopOnSignals(): void {
    let signals = 0;
    const onSignal = (): void => {
      signals += 1;
      if (signals === 1) void this.stopAll(0);
      else if (signals >= 3) for (const { proc } of this.children) killTree(proc, 'SIGKILL');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  /**
   * Start a service. Without `restart` (the Temporal server, the database) an unexpected exit stops
   * everything; with it, cases lose nothing meanwhile, Temporal holds them.
   */
  run(name: string, cmd: string, args: string[], opts: RunOptions = {}): void {
    const restarts: number[] = [];
    const start = (): void => {
      const proc = spawn(cmd, args, {
        cwd: projectRoot,
        env: opts.env ?? process.env,
        stdio: ['ignore', 'inherit', 'inherit'],
        detached: opts.ownGroup ?? false,
        ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
      });
      const entry = { name, proc, stopSignal: opts.stopSignal ?? 'SIGTERM' };
      this.children.push(entry);
      // what runs under it, looked at now and then: if the service dies by SIGKILL, what it started
      // would run on under pid 1 and might hold a port the restarted service needs
      let under: number[] = [];
      const look = setInterval(() => (under = descendants(proc.pid)), 5_000).unref();
      proc.on('exit', (code, signal) => {
        clearInterval(look);
        for (const pid of under) kill(pid, 'SIGKILL');
        if (this.stopping) return;
        this.children.splice(this.children.indexOf(entry), 1);
        const now = Date.now();
        while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
        if (opts.restart && restarts.length < MAX_RESTARTS_PER_MINUTE) {
          restarts.push(now);
          this.log.error({ service: name, code, signal }, 'a service stopped unexpectedly; restarting it');
          setTimeout(() => this.stopping || start(), 1_000);
          return;
        }
        this.log.error({ service: name, code, signal }, 'a service stopped unexpectedly; stopping everything');
        void this.stopAll(1);
      });
    };
    start();
  }

  async stopAll(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info('stopping');
    // services first (in reverse start order), the Temporal server (and its database) last, so the
    // workers can drain
    for (const { proc, stopSignal } of [...this.children].reverse()) {
      // whatever the stop signal leaves of the processes a service started is killed once it has
      // exited (else it would run on under pid 1)
      const tree = descendants(proc.pid);
      proc.kill(stopSignal);
      await waitExit(proc, this.stopTimeoutMs);
      for (const pid of [...tree, ...descendants(proc.pid)]) kill(pid, 'SIGKILL');
    }
    this.log.info('stopped');
    process.exit(code);
  }
}

/** The processes under `pid` (children, theirs, …), from /proc; empty where there is none. */
export function descendants(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: the command may hold spaces and parentheses, so read after the last ')'
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  for (let queue = [pid]; queue.length;) {
    const next = children.get(queue.shift()!) ?? [];
    out.push(...next);
    queue.push(...next);
  }
  return out;
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** A service and everything under it. */
function killTree(proc: ChildProcess, sig: NodeJS.Signals): void {
  const tree = descendants(proc.pid);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
  for (const pid of tree) kill(pid, sig);
}

function waitExit(proc: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      killTree(proc, 'SIGKILL');
      resolve();
    }, ms);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until the server answers and (if given) `namespace` exists on it; fails early once `exited()` says so. */
export async function waitForTemporal(
  address: string,
  namespace: string | undefined,
  ms: number,
  exited: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (exited()) throw new Error(`the Temporal server for ${address} exited`);
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await c.workflowService.getSystemInfo({});
        if (namespace) await c.workflowService.describeNamespace({ namespace });
      } finally {
        await c.close();
      }
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not come up: ${(err as Error).message}`);
      await sleep(300);
    }
  }
}

export async function waitForHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await sleep(300);
  }
}

/**
 * The Node services of Sjukfall: the stubs, `workers` workers and the API, each its own process.
 * Metrics ports: the API's is METRICS_PORT (default 9464), the workers' the next ones (9465, 9466).
 * `workflowBundle`: the workflow code bundled beforehand, for the workers (WORKFLOW_BUNDLE).
 */
export async function runServices(
  sup: Supervisor,
  config: { stubsUrl: string; apiUrl: string; METRICS_PORT?: number | undefined },
  workers = 1,
  workflowBundle?: string,
): Promise<void> {
  const metricsPort = (n: number) => ({ env: { ...process.env, METRICS_PORT: String((config.METRICS_PORT ?? METRICS_PORTS.api) + n) } });
  const bundle = workflowBundle ? { WORKFLOW_BUNDLE: workflowBundle } : {};
  sup.run('stubs', ...tsProcess('stubs/main.ts'), { restart: true });
  for (let i = 1; i <= workers; i++) {
    const { env } = metricsPort(i);
    sup.run(workers > 1 ? `worker-${i}` : 'worker', ...tsProcess('worker/main.ts'), { restart: true, env: { ...env, ...bundle } });
  }
  sup.run('api', ...tsProcess('server/main.ts'), { restart: true, ...metricsPort(0) });
  const urls = config;
  await waitForHttp(`${urls.stubsUrl}/health`, 60_000);
  await waitForHttp(`${urls.apiUrl}/health`, 60_000);
}
