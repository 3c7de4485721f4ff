/**
 * The system under measurement, as `npm start` runs it: the dev server (SQLite file), the embedded
 * read model (PGlite, its own process), stubs, worker and API as separate processes
 * (harness/SystemProcesses), the API's rate limit raised. The bench talks to the API over HTTP, as
 * a browser or an integration would; the raw baselines use the same server, task queue, worker and
 * data converter through the SDK client directly. Each process's CPU time is read from /proc, so a
 * figure can say where the time went.
 */
import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { TemporalCases } from '../../api/temporalCases';
import { SystemProcesses, type ServiceName } from '../../harness';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { personKey } from '../../platform/secrets';
import type { TokenClaims } from '../../platform/tokens';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import type { CaseWorkflowInput } from '../../workflows/definitions';
import { examplePeople } from '../../harness/exampleIdentities';
import { freePort } from '../../platform/ports';
import { FLOOR_READY } from './floorServer';

export const CASEWORKER: TokenClaims = { sub: 'hk-1', role: 'caseworker' };

export interface BenchSystem {
  sys: SystemProcesses;
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
  /** the worker's workflow cache (WORKER_MAX_CACHED_WORKFLOWS); the worker's default otherwise */
  maxCachedWorkflows?: number;
  /** the task queue's share of the worker's pollers (WORKER_NON_STICKY_POLL_RATIO) */
  nonStickyPollRatio?: number;
}

export async function startBenchSystem(o: BenchSystemOptions = {}): Promise<BenchSystem> {
  const sys = new SystemProcesses('sjukfall-bench-', 'dev');
  sys.env.RATE_LIMIT_PER_MINUTE = '100000000'; // the bench sends far more than a person would
  if (o.maxCachedWorkflows !== undefined) sys.env.WORKER_MAX_CACHED_WORKFLOWS = String(o.maxCachedWorkflows);
  if (o.nonStickyPollRatio !== undefined) sys.env.WORKER_NON_STICKY_POLL_RATIO = String(o.nonStickyPollRatio);
  try {
    await sys.startAll();
  } catch (err) {
    await sys.stopAll();
    throw err;
  }
  const client = await sys.temporal();
  const readModel = await openReadModel({ url: sys.config.databaseUrl });
  const authorization = `Bearer ${sys.token(CASEWORKER)}`;
  return {
    sys,
    client,
    raw: new TemporalCases(client, sys.config.TASK_QUEUE, {
      readMs: sys.config.TEMPORAL_READ_TIMEOUT_MS,
      commandMs: sys.config.TEMPORAL_COMMAND_TIMEOUT_MS,
    }),
    readModel,
    nextPerson: examplePeople(),
    personKey: (pnr) => personKey(sys.secrets.personKeySecret, pnr),
    async api<T>(method: 'GET' | 'POST', path: string, body?: unknown, expect = method === 'POST' && path === '/cases' ? 201 : 200) {
      const res = await fetch(`${sys.apiUrl}${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (res.status !== expect) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      await readModel.destroy();
      await sys.stopAll();
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

/** The workflow input the API builds from that body (what the raw baseline starts). */
export function rawOpening(b: BenchSystem, personnummer: string, caseId: string): CaseWorkflowInput {
  return {
    opening: {
      caseId,
      personKey: b.personKey(personnummer),
      track: 'unemployed',
      firstSickDay: addDays(stockholmDateOf(Date.now()), -10),
      priorDays: 0,
      previousPeriods: [],
      caseworkerId: CASEWORKER.sub,
      openedBy: { sub: CASEWORKER.sub, role: CASEWORKER.role },
    },
  };
}

/** Open a case through the API; its ID. */
export async function openThroughApi(b: BenchSystem): Promise<string> {
  return (await b.api<{ caseId: string }>('POST', '/cases', openingBody(b.nextPerson()))).caseId;
}

/** Every process on this machine: its process group, CPU seconds so far (user + system) and RSS in kB. */
function processes(): { pgrp: number; cpuSeconds: number; rssKb: number }[] {
  const out: { pgrp: number; cpuSeconds: number; rssKb: number }[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // fields after "(comm) ": state ppid pgrp … utime (14th) stime (15th) … rss (24th); Linux: 100 ticks/s, 4 KiB pages
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.push({ pgrp: Number(f[2]), cpuSeconds: (Number(f[11]) + Number(f[12])) / 100, rssKb: Number(f[21]) * 4 });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Seconds of CPU (user + system) used so far by each service's process group, and by this process. */
export function cpuSeconds(b: BenchSystem): Partial<Record<ServiceName | 'bench', number>> {
  const all = processes();
  const usage = process.cpuUsage();
  const out: Partial<Record<ServiceName | 'bench', number>> = { bench: (usage.user + usage.system) / 1e6 };
  for (const [name, s] of b.sys.services) out[name] = all.filter((p) => p.pgrp === s.pid).reduce((sum, p) => sum + p.cpuSeconds, 0);
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
