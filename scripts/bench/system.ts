/**
 * The system under measurement, as `npm start` runs it: the dev server (SQLite file), the embedded
 * read model (PGlite, its own process), stubs, worker and API as separate processes
 * (harness/SystemProcesses), the API's rate limit raised. With `cluster` (`--cluster`), as
 * `npm run start:cluster` runs it: PostgreSQL (benchPostgres.ts) holding Temporal Server's two
 * databases and the read model's, Temporal Server 1.32, two worker processes, stubs and API
 * (Prometheus and Jaeger are left out: they only watch, and would take CPU from what is measured).
 * The bench talks to the API over HTTP, as a browser or an integration would; the raw baselines
 * use the same server, task queue, workers and data converter through the SDK client directly.
 * Each process's CPU time is read from /proc, so a figure can say where the time went.
 */
import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { TemporalCases } from '../../api/temporalCases';
import path from 'node:path';
import { CLUSTER_POSTGRES_ENV, SystemProcesses, type ServiceName, type Topology } from '../../harness';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { personKey } from '../../platform/secrets';
import type { TokenClaims } from '../../platform/tokens';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { examplePeople } from '../../harness/exampleIdentities';
import { freePort } from '../../platform/ports';
import { randomCaseId } from '../../platform/caseIds';
import { populationRecord } from '../../stubs/population';
import { FLOOR_READY } from './floorServer';
import { httpRequest } from './httpClient';
import { startBenchPostgres, type BenchPostgres } from './benchPostgres';

export const CASEWORKER: TokenClaims = { sub: 'hk-1', role: 'caseworker' };

/** A process group the bench accounts for: a service of the system, PostgreSQL, or the bench itself. */
export type ProcessName = ServiceName | 'postgresql' | 'bench';

export interface BenchSystem {
  topology: Topology;
  sys: SystemProcesses;
  /** the cluster's PostgreSQL (undefined on the dev server) */
  postgres?: BenchPostgres;
  /** the SDK client of the raw baselines (same data converter as the API's) */
  client: Client;
  /** raw Temporal: the very start call the API makes (same options), without the API around it */
  raw: TemporalCases;
  /** the bench's own connection to the read model (to see what the worker projected) */
  readModel: ReadModelDb;
  nextPerson: () => string;
  personKey: (personnummer: string) => string;
  /** a request to the API as the caseworker; throws unless it answers `expect` */
  api<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, expect?: number): Promise<T>;
  stop(): Promise<void>;
}

export interface BenchSystemOptions {
  /** 'dev' (`npm start`, the default) or 'cluster' (`npm run start:cluster`) */
  topology?: Topology;
  /** the worker's workflow cache (WORKER_MAX_CACHED_WORKFLOWS); the worker's default otherwise */
  maxCachedWorkflows?: number;
  /** the task queue's share of the worker's pollers (WORKER_NON_STICKY_POLL_RATIO) */
  nonStickyPollRatio?: number;
}

export async function startBenchSystem(o: BenchSystemOptions = {}): Promise<BenchSystem> {
  const topology = o.topology ?? 'dev';
  const postgres = topology === 'cluster' ? await startBenchPostgres() : undefined;
  // SystemProcesses finds the run's PostgreSQL here, as it does in `npm run test:cluster`
  if (postgres) process.env[CLUSTER_POSTGRES_ENV] = JSON.stringify(postgres.connection);
  const sys = new SystemProcesses('sjukfall-bench-', topology);
  sys.env.RATE_LIMIT_PER_MINUTE = '100000000'; // the bench sends far more than a person would
  if (o.maxCachedWorkflows !== undefined) sys.env.WORKER_MAX_CACHED_WORKFLOWS = String(o.maxCachedWorkflows);
  if (o.nonStickyPollRatio !== undefined) sys.env.WORKER_NON_STICKY_POLL_RATIO = String(o.nonStickyPollRatio);
  // BENCH_NODE_ARGS: Node flags for the system's services, e.g. to profile them (docs/performance.md)
  sys.nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  try {
    await sys.startAll();
    // the cluster runs two workers on the task queue, as start:cluster does
    if (topology === 'cluster') await sys.startService('worker-2');
  } catch (err) {
    await sys.stopAll();
    await postgres?.stop();
    throw err;
  }
  const client = await sys.temporal();
  // the bench seeds a national caseload in a few long statements (the roll-ups' fills): on a loaded
  // machine they outlast the 15 s a service's query may take
  const readModel = await openReadModel({ url: sys.config.databaseUrl, queryTimeoutMs: 300_000 });
  const authorization = `Bearer ${sys.token(CASEWORKER)}`;
  return {
    topology,
    sys,
    ...(postgres ? { postgres } : {}),
    client,
    raw: new TemporalCases(client, sys.config.TASK_QUEUE, {
      readMs: sys.config.TEMPORAL_READ_TIMEOUT_MS,
      commandMs: sys.config.TEMPORAL_COMMAND_TIMEOUT_MS,
    }),
    readModel,
    nextPerson: examplePeople(),
    personKey: (pnr) => personKey(sys.secrets.personKeySecret, pnr),
    async api<T>(method: 'GET' | 'POST', path: string, body?: unknown, expect = method === 'POST' && path === '/cases' ? 201 : 200) {
      const headers: Record<string, string> = { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      const res = await httpRequest(`${sys.apiUrl}${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
      const text = res.text;
      if (res.status !== expect) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      await readModel.destroy();
      await sys.stopAll();
      await postgres?.stop();
    },
  };
}

/** The floor server (floorServer.ts) as one more service of the system; its base URL. */
export async function startFloor(b: BenchSystem): Promise<string> {
  b.sys.env.FLOOR_PORT ??= String(await freePort());
  if (!b.sys.services.has('floor')) await b.sys.startScript('floor', 'scripts/bench/floorServer.ts', FLOOR_READY);
  return `http://127.0.0.1:${b.sys.env.FLOOR_PORT}`;
}

/** The body of POST /cases for a fresh person: an unemployed case opened 10 days into its chain. */
export const openingBody = (personnummer: string) => ({
  personnummer,
  employment: { type: 'unemployed' },
  firstSickDay: addDays(stockholmDateOf(Date.now()), -10),
});

/**
 * The workflow input the API builds from that body (what the floor and the raw baseline start): the
 * same case-ID form, and the region the API takes from the population register (the stub's answer).
 */
export function rawOpening(b: BenchSystem, personnummer: string): CaseWorkflowInput {
  return {
    opening: {
      caseId: randomCaseId(),
      personKey: b.personKey(personnummer),
      track: 'unemployed',
      firstSickDay: addDays(stockholmDateOf(Date.now()), -10),
      previousPeriods: [],
      region: populationRecord(personnummer.replace('-', '')).county,
      priorDays: 0,
      caseworkerId: CASEWORKER.sub,
      openedBy: { sub: CASEWORKER.sub, role: CASEWORKER.role },
    },
  };
}

/** Open a case through the API; its ID. */
export async function openThroughApi(b: BenchSystem): Promise<string> {
  return (await b.api<{ caseId: string }>('POST', '/cases', openingBody(b.nextPerson()))).caseId;
}

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  /** user + system, its own */
  cpuSeconds: number;
  /** user + system of its children that have exited (a PostgreSQL backend that closed) */
  childCpuSeconds: number;
  rssKb: number;
}

/** Every process on this machine: its parent and process group, CPU seconds so far and RSS in kB. */
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // fields after "(comm) ": state ppid pgrp … utime (14th) stime cutime cstime (17th) … rss (24th); Linux: 100 ticks/s, 4 KiB pages
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.push({
        pid: Number(pid),
        ppid: Number(f[1]),
        pgrp: Number(f[2]),
        cpuSeconds: (Number(f[11]) + Number(f[12])) / 100,
        childCpuSeconds: (Number(f[13]) + Number(f[14])) / 100,
        rssKb: Number(f[21]) * 4,
      });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/**
 * Which processes belong to each part the bench accounts for: a service is its process group; PostgreSQL
 * is the postmaster and its children (each backend makes itself a process group of its own).
 */
function members(b: BenchSystem): [ProcessName, (p: Proc) => boolean][] {
  const out: [ProcessName, (p: Proc) => boolean][] = [...b.sys.services].map(([name, s]) => [name, (p: Proc) => p.pgrp === s.pid]);
  const postmaster = b.postgres?.pid;
  if (postmaster) out.push(['postgresql', (p) => p.pid === postmaster || p.ppid === postmaster]);
  return out;
}

/** Seconds of CPU (user + system) used so far by each service (PostgreSQL's backends together, closed ones too), and by this process. */
export function cpuSeconds(b: BenchSystem): Partial<Record<ProcessName, number>> {
  const all = processes();
  const usage = process.cpuUsage();
  const out: Partial<Record<ProcessName, number>> = { bench: (usage.user + usage.system) / 1e6 };
  for (const [name, member] of members(b)) {
    const mine = all.filter(member);
    out[name] = mine.reduce(
      (sum, p) => sum + p.cpuSeconds + (name === 'postgresql' && p.pid === b.postgres?.pid ? p.childCpuSeconds : 0),
      0,
    );
  }
  return out;
}

export type CpuSeconds = ReturnType<typeof cpuSeconds>;

/** CPU seconds each service (and this process) used between two readings of cpuSeconds. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, (v ?? 0) - (before[k as keyof CpuSeconds] ?? 0)]));
}

/** Resident memory (MiB) of a service: its largest process (the service itself, not tsx's small launcher). */
export function rssMiB(b: BenchSystem, name: ServiceName): number {
  const group = b.sys.services.get(name)?.pid;
  return (
    Math.max(
      0,
      ...processes()
        .filter((p) => p.pgrp === group)
        .map((p) => p.rssKb),
    ) / 1024
  );
}

/**
 * PostgreSQL's memory (MiB): the proportional set size (Pss) of all its processes added up, so the
 * shared buffers every backend maps count once, not once per backend. 0 on the dev server.
 */
export function postgresMiB(b: BenchSystem): number {
  if (!b.postgres) return 0;
  const postmaster = b.postgres.pid;
  let kb = 0;
  for (const p of processes().filter((q) => q.pid === postmaster || q.ppid === postmaster)) {
    try {
      kb += Number(/^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${p.pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      /* gone meanwhile */
    }
  }
  return kb / 1024;
}

/** Bytes on disk of a file, or of a directory with everything in it. */
function bytesOf(p: string): number {
  try {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.size;
    return fs.readdirSync(p).reduce((sum, name) => sum + bytesOf(path.join(p, name)), 0);
  } catch {
    return 0; // gone meanwhile (PostgreSQL removes WAL segments and temp files as it goes)
  }
}

/** Bytes of the cluster's PostgreSQL write-ahead log (pg_wal: recycled, bounded by max_wal_size); 0 on the dev server. */
export const walBytes = (b: BenchSystem): number => (b.postgres ? bytesOf(path.join(b.postgres.dir, 'pg_wal')) : 0);

/**
 * Bytes of the system's durable state: the dev server's SQLite file and its journal, or the
 * cluster's PostgreSQL data directory (Temporal's two databases, the read model's, and the WAL).
 */
export function diskBytes(b: BenchSystem): number {
  if (b.postgres) return bytesOf(b.postgres.dir);
  const dbFile = path.join(b.sys.dataDir, 'temporal.sqlite');
  return ['', '-wal', '-shm'].reduce((sum, ext) => sum + bytesOf(dbFile + ext), 0);
}
