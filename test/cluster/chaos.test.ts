/**
 * Issue 26, item 6: the chaos run, on the production topology (`npm run test:cluster` only). While
 * caseworkers keep opening cases and sending commands (each with its Idempotency-Key, retried with
 * the same key after a 503 or a lost connection, as a client should), each part is frozen or killed
 * in turn: the Temporal server frozen (SIGSTOP) and later SIGKILLed and restarted, the worker
 * SIGKILLed and restarted, the agency stubs frozen, PostgreSQL (Temporal's databases and the read
 * model's) SIGKILLed and restarted, the API SIGKILLed and restarted. This run has a PostgreSQL of its
 * own (the other files of the run share the run's one, which must not die under them). Then:
 *  - no request went without an answer beyond its deadline plus a margin (the API answers 503);
 *  - nothing is lost: every acknowledged create is a case, every acknowledged command is in its timeline;
 *  - nothing is doubled: each command is in its timeline once, however often it was sent;
 *  - the read model agrees with the cases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { CLUSTER_POSTGRES_ENV, SystemProcesses, waitUntil } from '../../harness';
import { preparePostgres, waitForPostgres, type PostgresServer } from '../../platform/cluster/postgres';
import { freePort } from '../../platform/ports';
import { examplePeople } from '../../harness/exampleIdentities';
import { openReadModel } from '../../readModel/connect';

/** past its deadline (TEMPORAL_COMMAND_TIMEOUT_MS, 10 s) a request must have its answer within this margin */
const MARGIN_MS = 5_000;
const person = examplePeople(900);

let sys: SystemProcesses;
let auth: Record<string, string>;
let pgDir: string;
let pg: PostgresServer;
let pgProc: ChildProcess | undefined;

/** This run's PostgreSQL; after a SIGKILL its old backends may hold its shared memory a moment: tried again. */
async function startPostgres(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const log = fs.openSync(path.join(pgDir, 'postgresql.log'), 'a');
    const proc = spawn(pg.command, pg.args, { stdio: ['ignore', log, log], ...(pg.runAs ?? {}) });
    fs.closeSync(log);
    try {
      await waitForPostgres(pg, 60_000, () => proc.exitCode !== null);
      pgProc = proc;
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

async function killPostgres(): Promise<void> {
  const proc = pgProc!;
  const exited = new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r(null) : proc.once('exit', r)));
  proc.kill('SIGKILL');
  await exited;
  pgProc = undefined;
}
const slowest = { ms: 0, what: '' };
let unanswered = 0;
const tally = { attempts: 0, unavailable: 0, lostConnections: 0, rateLimited: 0 };

beforeAll(async () => {
  pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-chaos-pg-'));
  pg = preparePostgres(pgDir, await freePort());
  await startPostgres();
  // this file's process only (vitest forks one per file): its system uses this PostgreSQL
  process.env[CLUSTER_POSTGRES_ENV] = JSON.stringify({ port: pg.port, user: pg.user, password: pg.password });
  sys = new SystemProcesses('sjukfall-chaos-', 'cluster');
  await sys.startAll();
  auth = { authorization: `Bearer ${sys.token({ sub: 'hk-1', role: 'caseworker' })}`, 'content-type': 'application/json' };
}, 180_000);
afterAll(async () => {
  await sys?.stopAll();
  if (pgProc) {
    const proc = pgProc;
    const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    proc.kill('SIGINT'); // PostgreSQL's fast shutdown
    const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  }
  if (pgDir) fs.rmSync(pgDir, { recursive: true, force: true });
}, 60_000);

/** One request with its key, repeated (same key) until it is answered 2xx or 4xx; each attempt timed. */
async function send(method: string, path: string, body: unknown, key: string): Promise<{ status: number; json: unknown }> {
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    tally.attempts += 1;
    try {
      const res = await fetch(`${sys.apiUrl}${path}`, {
        method,
        headers: { ...auth, 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(sys.config.TEMPORAL_COMMAND_TIMEOUT_MS + MARGIN_MS),
      });
      const ms = Date.now() - started;
      if (ms > slowest.ms) Object.assign(slowest, { ms, what: `${path} ${res.status}` });
      if (res.status === 429) {
        // the API's rate limit (RATE_LIMIT_PER_MINUTE): a fast machine's run plus the check's reads pass it; wait it out
        tally.rateLimited += 1;
        await new Promise((r) => setTimeout(r, 1_000 * Number(res.headers.get('retry-after') ?? 1)));
        continue;
      }
      if (res.status < 500) return { status: res.status, json: await res.json() };
      tally.unavailable += 1;
    } catch (err) {
      if ((err as Error).name === 'TimeoutError') unanswered += 1;
      else tally.lostConnections += 1;
    }
    if (attempt > 120) throw new Error(`${method} ${path} never succeeded`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

interface Opened {
  caseId: string;
  commands: number;
}

/** A caseworker's loop: open a case, then record consents on it, until `stop`. */
async function caseworker(stop: () => boolean, out: Opened[]): Promise<void> {
  while (!stop()) {
    const opened = await send(
      'POST',
      '/cases',
      {
        personnummer: person(),
        employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
        firstSickDay: addDays(stockholmDateOf(Date.now()), -3),
      },
      crypto.randomUUID(),
    );
    expect(opened.status).toBe(201);
    const entry = { caseId: (opened.json as { caseId: string }).caseId, commands: 0 };
    out.push(entry);
    for (let i = 0; i < 4 && !stop(); i++) {
      const res = await send(
        'POST',
        `/cases/${entry.caseId}/commands/record-consent`,
        { scope: 'employer-contact', given: i % 2 === 0 },
        crypto.randomUUID(),
      );
      expect(res.status).toBe(200);
      entry.commands += 1;
    }
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = (name: 'temporal' | 'stubs', sig: NodeJS.Signals) => process.kill(-sys.services.get(name)!.pid, sig);

it('freezing and killing each part under load loses nothing, doubles nothing, and leaves no request unanswered past its deadline', async () => {
  let stopped = false;
  const opened: Opened[] = [];
  const load = Promise.all([1, 2, 3].map(() => caseworker(() => stopped, opened)));
  try {
    await pause(5_000);
    signal('temporal', 'SIGSTOP'); // frozen: accepts connections, answers nothing
    await pause(20_000);
    signal('temporal', 'SIGCONT');
    await pause(5_000);
    await sys.stop('worker', 'SIGKILL');
    await pause(5_000);
    await sys.startService('worker');
    signal('stubs', 'SIGSTOP');
    await pause(15_000);
    signal('stubs', 'SIGCONT');
    await sys.stop('temporal', 'SIGKILL');
    await pause(3_000);
    await sys.startTemporal();
    await pause(10_000);
    await killPostgres(); // Temporal's persistence and the read model, at once
    await pause(10_000);
    await startPostgres();
    await pause(10_000);
    await sys.stop('api', 'SIGKILL'); // requests in flight lose their connection: retried with their keys
    await pause(3_000);
    await sys.startService('api');
    await pause(10_000);
  } finally {
    if (!pgProc) await startPostgres();
    for (const name of ['temporal', 'stubs'] as const) if (sys.services.get(name)) signal(name, 'SIGCONT');
    stopped = true;
  }
  await load;

  const commands = opened.reduce((n, o) => n + o.commands, 0);
  console.info(
    `chaos run: ${opened.length} cases and ${commands} commands acknowledged, ${tally.attempts} attempts, ${tally.unavailable} answered 503, ${tally.rateLimited} rate-limited (429, waited out), ${tally.lostConnections} connections lost, slowest answer ${slowest.ms} ms (${slowest.what})`,
  );
  expect(unanswered, `requests without an answer within the deadline + ${MARGIN_MS} ms (slowest: ${slowest.ms} ms, ${slowest.what})`).toBe(
    0,
  );
  expect(opened.length).toBeGreaterThan(3);
  const db = await openReadModel({ url: sys.config.databaseUrl, migrate: false, poolSize: 1 });
  try {
    for (const o of opened) {
      const read = await send('GET', `/cases/${o.caseId}/timeline`, undefined, crypto.randomUUID());
      expect(read.status, `case ${o.caseId}'s timeline: ${JSON.stringify(read.json)}`).toBe(200);
      const timeline = read.json as {
        timeline: { type: string; command?: string }[];
      };
      const consents = timeline.timeline.filter((e) => e.type === 'consent.recorded').length;
      expect(consents, `case ${o.caseId}: acknowledged consents in its timeline, once each`).toBe(o.commands);
      await waitUntil(`case ${o.caseId} in the read model with all its events`, 90_000, async () => {
        const n = await db
          .selectFrom('timeline_events')
          .select(db.fn.countAll<number>().as('n'))
          .where('case_id', '=', o.caseId)
          .executeTakeFirst();
        return Number(n?.n ?? 0) === timeline.timeline.length;
      });
    }
  } finally {
    await db.destroy();
  }
}, 600_000);
