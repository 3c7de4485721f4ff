/**
 * The system as separate OS processes, the way `npm start` (scripts/start.ts) runs it, but with each
 * piece started here so a test or script holds every pid and can kill exactly one of them:
 *  - Temporal, on one of two topologies (`topology`, from SJUKFALL_TEST_TOPOLOGY):
 *    'dev': the Temporal dev server on a SQLite file in a temp DATA_DIR, with the case search attributes;
 *    'cluster' (`npm run test:cluster`): Temporal Server 1.32 as `npm run start:cluster` runs it, on
 *    two databases of its own in the run's PostgreSQL (test/cluster/setup.ts);
 *  - `stubs/main.ts`, `worker/main.ts`, `server/main.ts` (`node --import tsx`), all with the same env.
 * Ports from the worker's port block, a fresh DATA_DIR. Every process is the leader of its own
 * process group, so a signal to the group reaches whatever it started too, and `stopAll()` (plus an
 * exit hook, should the test runner die) leaves nothing running.
 */
import crypto from 'node:crypto';
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
import { devServerArgs } from '../platform/devServer';
import type { PostgresConnection } from '../platform/cluster/postgres';
import {
  clusterBinary,
  createDatabase,
  registerNamespace,
  serverArgs,
  setupSchemas,
  writeServerConfig,
} from '../platform/cluster/temporalServer';
import { waitForTemporal } from '../platform/supervisor';
import { tsProcess } from '../platform/tsProcess';
import { READ_MODEL_TEMPLATE_ENV, WORKFLOW_BUNDLE_ENV } from './temporalTestSystem';
import { installExitHook, isAlive, liveGroups } from './processGroups';
import { systemPortBase } from './portBlocks';

export type Topology = 'dev' | 'cluster';
/** Which Temporal the system tests run on: the dev server (`npm test`) or the cluster (`npm run test:cluster`). */
export const topology: Topology = process.env.SJUKFALL_TEST_TOPOLOGY === 'cluster' ? 'cluster' : 'dev';
const testTopology = topology;
/** Where test/cluster/setup.ts leaves the run's PostgreSQL (JSON of a PostgresConnection). */
export const CLUSTER_POSTGRES_ENV = 'SJUKFALL_TEST_POSTGRES';

export function clusterPostgres(): PostgresConnection {
  const json = process.env[CLUSTER_POSTGRES_ENV];
  if (!json) throw new Error(`${CLUSTER_POSTGRES_ENV} is not set: the cluster topology runs through "npm run test:cluster"`);
  return JSON.parse(json) as PostgresConnection;
}

/** 'worker-2': a second worker on the same task queue (bench); 'floor': the bench's start-only endpoint (scripts/bench/floorServer.ts). */
export type ServiceName = 'temporal' | 'read-model' | 'stubs' | 'worker' | 'worker-2' | 'api' | 'floor';

export interface Service {
  name: ServiceName;
  proc: ChildProcess;
  pid: number;
  /** stdout + stderr so far (the last 200 kB) */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SystemProcesses {
  readonly dataDir: string;
  readonly ports: { PORT: number; STUBS_PORT: number; TEMPORAL_PORT: number; TEMPORAL_UI_PORT: number; READ_MODEL_PORT: number };
  readonly env: NodeJS.ProcessEnv;
  readonly config: Config;
  readonly secrets: Secrets;
  readonly apiUrl: string;
  readonly stubsUrl: string;
  readonly services = new Map<ServiceName, Service>();
  nodeArgs: string[] = []; // Node flags of the services started from now on (the bench's `--cpu-prof`)
  private client?: Client;
  private connection?: Connection;
  /** cluster topology: the read model's database in the run's PostgreSQL */
  private get readModelDatabase(): string {
    return `rm${this.databaseId}`;
  }
  /**
   * cluster topology: this system's own names in the run's PostgreSQL. Not its ports: a port block is
   * taken again by a later system of the run, which must not find this one's databases (other keys).
   */
  private readonly databaseId = crypto.randomBytes(6).toString('hex');
  /** cluster topology: the server's config file, once its databases are set up */
  private serverConfig?: string;

  constructor(
    prefix = 'sjukfall-faults-',
    readonly topology: Topology = testTopology,
  ) {
    installExitHook();
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const base = systemPortBase();
    this.ports = { PORT: base, STUBS_PORT: base + 1, TEMPORAL_PORT: base + 2, TEMPORAL_UI_PORT: base + 3, READ_MODEL_PORT: base + 4 };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'info',
      ...Object.fromEntries(Object.entries(this.ports).map(([k, v]) => [k, String(v)])),
    };
    for (const k of [
      'TEMPORAL_ADDRESS',
      'STUBS_URL',
      'API_URL',
      'TASK_QUEUE',
      'JWT_SECRET',
      'PAYLOAD_KEYS',
      'PERSON_KEY_SECRET',
      'SJUKFALL_ENV',
      'DATABASE_URL',
      'WORKFLOW_BUNDLE',
      'READ_MODEL_TEMPLATE',
    ])
      delete env[k];
    // the workers load the test run's workflow bundle, if there is one, instead of bundling as they start
    if (process.env[WORKFLOW_BUNDLE_ENV]) env.WORKFLOW_BUNDLE = process.env[WORKFLOW_BUNDLE_ENV];
    // and a new embedded read model starts as the run's migrated template, not from PGlite's initdb
    if (process.env[READ_MODEL_TEMPLATE_ENV]) env.READ_MODEL_TEMPLATE = process.env[READ_MODEL_TEMPLATE_ENV];
    // the read model: the embedded PGlite process (dev), or a database of this system's own in the run's PostgreSQL (cluster)
    if (topology === 'cluster') {
      const pg = clusterPostgres();
      env.DATABASE_URL = `postgres://${pg.user}:${encodeURIComponent(pg.password)}@127.0.0.1:${pg.port}/${this.readModelDatabase}`;
    }
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
      this.client = new Client({
        connection: this.connection,
        namespace: this.config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverter(this.secrets.payloadKeys),
      });
    }
    return this.client;
  }

  /** Where a service serves its metrics (METRICS_PORT): this system's own ports, clear of the Temporal server's. */
  metricsPort(name: 'api' | 'worker' | 'worker-2'): number {
    return this.ports.PORT + { api: 20, worker: 21, 'worker-2': 22 }[name];
  }

  private spawn(name: ServiceName, cmd: string, args: string[]): Service {
    const env =
      name === 'api' || name === 'worker' || name === 'worker-2' ? { ...this.env, METRICS_PORT: String(this.metricsPort(name)) } : this.env;
    const proc = spawn(cmd, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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

  /**
   * Temporal on this system's topology, exactly as scripts/start.ts (dev server: SQLite in DATA_DIR,
   * search attributes registered) or scripts/start-cluster.ts (server on PostgreSQL) starts it.
   * Started again, it finds its data where it left it.
   */
  async startTemporal(timeoutMs = 60_000): Promise<Service> {
    if (this.topology === 'cluster') return this.startClusterServer(timeoutMs);
    const args = devServerArgs({
      dbFile: path.join(this.dataDir, 'temporal.sqlite'),
      port: this.ports.TEMPORAL_PORT,
      uiPort: this.ports.TEMPORAL_UI_PORT,
      namespace: this.config.TEMPORAL_NAMESPACE,
    });
    const s = this.spawn('temporal', temporalCliPath(), args);
    await this.serving(s, this.config.TEMPORAL_NAMESPACE, timeoutMs);
    return s;
  }

  /** Its own two databases in the run's PostgreSQL (set up the first time), then the server. */
  private async startClusterServer(timeoutMs: number): Promise<Service> {
    const first = !this.serverConfig;
    if (!this.serverConfig) {
      const pg = clusterPostgres();
      const dbPrefix = `t${this.databaseId}_`;
      await setupSchemas(pg, dbPrefix);
      this.serverConfig = writeServerConfig(path.join(this.dataDir, 'temporal-server'), pg, this.ports.TEMPORAL_PORT, dbPrefix);
    }
    const s = this.spawn('temporal', clusterBinary('temporal-server'), serverArgs(this.serverConfig));
    await this.serving(s, undefined, timeoutMs);
    // as scripts/start-cluster.ts: namespace and search attributes, then a moment for the caches
    if (first && (await registerNamespace(this.config.temporalAddress, this.config.TEMPORAL_NAMESPACE))) await sleep(3_000);
    await this.serving(s, this.config.TEMPORAL_NAMESPACE, timeoutMs);
    return s;
  }

  /** Until the server answers (and knows `namespace`, if given); throws with its output if it exits meanwhile. */
  private async serving(s: Service, namespace: string | undefined, timeoutMs: number): Promise<void> {
    const exited = () => s.proc.exitCode !== null || s.proc.signalCode !== null;
    try {
      await waitForTemporal(this.config.temporalAddress, namespace, timeoutMs, exited);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${s.output().slice(-3000)}`);
    }
  }

  /**
   * The read model: on the dev topology the embedded PGlite process `npm start` runs
   * (scripts/readModelServer.ts, its data in DATA_DIR); on the cluster, its database is created.
   */
  async startReadModel(timeoutMs = 60_000): Promise<Service | undefined> {
    if (this.topology === 'cluster') {
      await createDatabase(clusterPostgres(), this.readModelDatabase);
      return undefined;
    }
    return this.startScript('read-model', 'scripts/readModelServer.ts', 'read model (PGlite) ready', timeoutMs);
  }

  /** `node --import tsx <script>` as the service `name`, waiting until its output shows `readyLine`. */
  async startScript(name: ServiceName, script: string, readyLine: string, timeoutMs = 60_000): Promise<Service> {
    const s = this.spawn(name, ...tsProcess(script, this.nodeArgs));
    const deadline = Date.now() + timeoutMs;
    while (!s.output().includes(readyLine)) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) throw new Error(`${name} exited:\n${s.output().slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`${name} did not come up:\n${s.output().slice(-3000)}`);
      await sleep(200);
    }
    return s;
  }

  /** `<folder>/main.ts` (the api service is server/), waiting until it is ready (health answers; the worker logged "worker started"). */
  async startService(name: 'stubs' | 'worker' | 'worker-2' | 'api', timeoutMs = 90_000): Promise<Service> {
    const script = { stubs: 'stubs', worker: 'worker', 'worker-2': 'worker', api: 'server' }[name];
    const s = this.spawn(name, ...tsProcess(`${script}/main.ts`, this.nodeArgs));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (s.proc.exitCode !== null || s.proc.signalCode !== null) throw new Error(`${name} exited:\n${s.output().slice(-3000)}`);
      if (script === 'worker') {
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
    await Promise.all([this.startTemporal(), this.startReadModel()]);
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
    if (this.topology === 'dev' && gone('read-model')) {
      if (this.services.has('read-model')) await this.stop('read-model', 'SIGKILL');
      await this.startReadModel();
    }
    const missing = (['stubs', 'worker', 'api'] as const).filter(gone);
    for (const n of missing) if (this.services.has(n)) await this.stop(n, 'SIGKILL');
    await Promise.all(missing.map((n) => this.startService(n)));
  }

  /**
   * Signal one service's whole process group and wait for it to exit (SIGKILL after timeoutMs).
   * Returns how it ended.
   */
  async stop(
    name: ServiceName,
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 15_000,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
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
    // what the service started may outlive it for a moment: make sure the whole group is gone
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
    for (const name of ['floor', 'api', 'worker-2', 'worker', 'stubs', 'read-model', 'temporal'] as const) {
      await this.stop(name, 'SIGTERM', 10_000).catch(() => undefined);
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
