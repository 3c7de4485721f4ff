/**
 * The system as separate OS processes, the way `npm start` (scripts/start.ts) runs it, but with each
 * piece started here so a test or script holds every pid and can kill exactly one of them:
 *  - the Temporal dev server on a SQLite file in a temp DATA_DIR, with the case search attributes;
 *  - `tsx stubs/main.ts`, `tsx worker/main.ts`, `tsx api/main.ts`, all with the same env.
 * Random ports, a fresh DATA_DIR. Every process is the leader of its own process group (tsx runs the
 * script in a child node process), so a signal to the group reaches the real process too, and
 * `stopAll()` (plus an exit hook, should the test runner die) leaves nothing running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, projectRoot, type Config } from '../platform/config';
import { dataConverter } from '../platform/codec';
import { loadSecrets, type Secrets } from '../platform/secrets';
import { signToken, type TokenClaims } from '../platform/tokens';
import { temporalCliPath } from '../platform/temporalBinaries';
import { searchAttributeRegistrations } from '../workflows/searchAttributes';

export type ServiceName = 'temporal' | 'stubs' | 'worker' | 'api';

export interface Service {
  name: ServiceName;
  proc: ChildProcess;
  pid: number;
  /** stdout + stderr so far (the last 200 kB) */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every process group started by any SystemProcesses in this process, for the exit hook. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function installExitHook(): void {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export class SystemProcesses {
  readonly dataDir: string;
  readonly ports: { PORT: number; STUBS_PORT: number; TEMPORAL_PORT: number; TEMPORAL_UI_PORT: number };
  readonly env: NodeJS.ProcessEnv;
  readonly config: Config;
  readonly secrets: Secrets;
  readonly apiUrl: string;
  readonly stubsUrl: string;
  readonly services = new Map<ServiceName, Service>();
  private client?: Client;
  private connection?: Connection;

  constructor(prefix = 'sjukfall-faults-') {
    installExitHook();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const base = 20000 + Math.floor(Math.random() * 20000);
    this.ports = { PORT: base, STUBS_PORT: base + 1, TEMPORAL_PORT: base + 2, TEMPORAL_UI_PORT: base + 3 };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'info',
      ...Object.fromEntries(Object.entries(this.ports).map(([k, v]) => [k, String(v)])),
    };
    for (const k of ['TEMPORAL_ADDRESS', 'STUBS_URL', 'API_URL', 'TASK_QUEUE', 'JWT_SECRET', 'PAYLOAD_KEYS', 'PERSON_KEY_SECRET', 'SJUKFALL_ENV']) delete env[k];
    this.env = env;
    this.config = loadConfig(env);
    // generate the development secrets once, before the services read them (as scripts/start.ts does)
    this.secrets = loadSecrets(this.config);
    this.apiUrl = this.config.apiUrl;
    this.stubsUrl = this.config.stubsUrl;
  }

  token(claims: TokenClaims): string {
    return signToken(this.secrets.jwtSecret, claims);
  }

  /** A Temporal client with the project's data converter (reconnects by itself after a server restart). */
  async temporal(): Promise<Client> {
    if (!this.client) {
      this.connection = await Connection.connect({ address: this.config.temporalAddress });
      this.client = new Client({ connection: this.connection, namespace: this.config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(this.secrets.payloadKeys) });
    }
    return this.client;
  }

  private spawn(name: ServiceName, cmd: string, args: string[]): Service {
    const proc = spawn(cmd, args, { cwd: projectRoot, env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (proc.pid === undefined) throw new Error(`${name} did not start`);
    const pid = proc.pid;
    liveGroups.add(pid);
    let out = '';
    const append = (d: Buffer) => {
      out += d.toString();
      if (out.length > 400_000) out = out.slice(-200_000);
    };
    proc.stdout!.on('data', append);
    proc.stderr!.on('data', append);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once('exit', (code, signal) => {
        resolve({ code, signal });
      }),
    );
    const service: Service = { name, proc, pid, output: () => out, exited };
    this.services.set(name, service);
    return service;
  }

  /** The dev server exactly as scripts/start.ts starts it: SQLite in DATA_DIR, search attributes registered. */
  async startTemporal(timeoutMs = 60_000): Promise<Service> {
    const args = [
      'server',
      'start-dev',
      '--db-filename',
      path.join(this.dataDir, 'temporal.sqlite'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.ports.TEMPORAL_PORT),
      '--ui-port',
      String(this.ports.TEMPORAL_UI_PORT),
      '--namespace',
      this.config.TEMPORAL_NAMESPACE,
      '--log-level',
      'warn',
      '--log-format',
      'json',
      '--ui-codec-endpoint',
      `http://localhost:${this.ports.PORT}/codec`,
      ...searchAttributeRegistrations.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
    ];
    const s = this.spawn('temporal', temporalCliPath(), args);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) throw new Error(`the dev server exited:\n${s.output().slice(-3000)}`);
      try {
        const c = await Connection.connect({ address: this.config.temporalAddress, connectTimeout: 1000 });
        try {
          await c.workflowService.getSystemInfo({});
          await c.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE });
        } finally {
          await c.close();
        }
        return s;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`the dev server did not come up: ${(err as Error).message}\n${s.output().slice(-3000)}`);
        await sleep(300);
      }
    }
  }

  /** `tsx <name>/main.ts`, waiting until it is ready (health answers; the worker logged "worker started"). */
  async startService(name: 'stubs' | 'worker' | 'api', timeoutMs = 90_000): Promise<Service> {
    const s = this.spawn(name, path.join(projectRoot, 'node_modules', '.bin', 'tsx'), [`${name}/main.ts`]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) throw new Error(`${name} exited:\n${s.output().slice(-3000)}`);
      if (name === 'worker') {
        if (s.output().includes('"worker started"')) return s;
      } else {
        try {
          const r = await fetch(`${name === 'api' ? this.apiUrl : this.stubsUrl}/health`);
          if (r.ok) return s;
        } catch {
          /* not yet */
        }
      }
      if (Date.now() > deadline) throw new Error(`${name} did not become ready:\n${s.output().slice(-3000)}`);
      await sleep(200);
    }
  }

  async startAll(): Promise<void> {
    await this.startTemporal();
    await Promise.all([this.startService('stubs'), this.startService('worker'), this.startService('api')]);
  }

  /** Starts whichever of the four processes is not running (e.g. after a test that failed mid-fault). */
  async ensureRunning(): Promise<void> {
    const gone = (n: ServiceName) => {
      const s = this.services.get(n);
      return !s || s.proc.exitCode !== null || s.proc.signalCode !== null;
    };
    if (gone('temporal')) {
      if (this.services.has('temporal')) await this.stop('temporal', 'SIGKILL');
      await this.startTemporal();
    }
    const missing = (['stubs', 'worker', 'api'] as const).filter(gone);
    for (const n of missing) if (this.services.has(n)) await this.stop(n, 'SIGKILL');
    await Promise.all(missing.map((n) => this.startService(n)));
  }

  /**
   * Signal one service's whole process group and wait for it to exit (SIGKILL after timeoutMs).
   * Returns how it ended.
   */
  async stop(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const s = this.services.get(name);
    if (!s) return { code: null, signal: null };
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-s.pid, sig);
      } catch {
        /* already gone */
      }
    };
    signalGroup(signal);
    const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
    const how = await s.exited;
    clearTimeout(timer);
    // tsx's child may outlive the tsx process for a moment: make sure the whole group is gone
    for (let i = 0; i < 50 && isAlive(s.pid); i++) {
      if (i === 20) signalGroup('SIGKILL');
      await sleep(100);
    }
    liveGroups.delete(s.pid);
    this.services.delete(name);
    return how;
  }

  /** Stop everything (services first, the dev server last), then remove DATA_DIR. Never throws. */
  async stopAll(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    for (const name of ['api', 'worker', 'stubs', 'temporal'] as const) {
      await this.stop(name, 'SIGTERM', 10_000).catch(() => undefined);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
