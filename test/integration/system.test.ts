/**
 * The whole system as `npm start` runs it (dev server on SQLite, worker, API, stubs as processes):
 * it comes up, serves a case, stops cleanly on SIGINT leaving no process or port behind, and after
 * a restart on the same DATA_DIR the case is still there. In `npm run test:cluster` the same for
 * `npm run start:cluster` (PostgreSQL and Temporal Server in DATA_DIR, two workers).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { allServerPorts } from '../../platform/cluster/temporalServer';
import { allJaegerPorts } from '../../platform/cluster/jaeger';
import { samples, systemPortBase, topology, waitUntil } from '../../harness';
import { tokenCommand } from '../../scripts/tokenCommand';

const root = path.resolve(__dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-system-'));
const base = systemPortBase();
const ports = {
  PORT: base,
  STUBS_PORT: base + 1,
  TEMPORAL_PORT: base + 2,
  TEMPORAL_UI_PORT: base + 3,
  // this run's own, not the default 5433 another run beside it (or a developer's npm start) may hold
  READ_MODEL_PORT: base + 4,
  POSTGRES_PORT: base + 5,
  METRICS_PORT: base + 20,
  PROMETHEUS_PORT: base + 24,
  JAEGER_PORT: base + 26,
  JAEGER_OTLP_PORT: base + 27,
};
const cluster = topology === 'cluster';
const script = cluster ? 'scripts/start-cluster.ts' : 'scripts/start.ts';
/** every port the run listens on: none may be left open */
const allPorts = cluster
  ? [
      ports.PORT,
      ports.STUBS_PORT,
      ports.POSTGRES_PORT,
      ...allServerPorts(ports.TEMPORAL_PORT),
      ports.METRICS_PORT + 2,
      ports.PROMETHEUS_PORT,
      ...allJaegerPorts({ query: ports.JAEGER_PORT, otlp: ports.JAEGER_OTLP_PORT }),
    ]
  : [ports.PORT, ports.STUBS_PORT, ports.TEMPORAL_PORT, ports.TEMPORAL_UI_PORT, ports.READ_MODEL_PORT];
allPorts.push(ports.METRICS_PORT, ports.METRICS_PORT + 1);
/** where Temporal keeps its data: the dev server's SQLite file, or the cluster's PostgreSQL */
const isTemporalData = (f: fs.Dirent) =>
  cluster ? f.parentPath.startsWith(path.join(dataDir, 'postgresql')) : f.name.startsWith('temporal.sqlite');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
};
delete env.TEMPORAL_ADDRESS;
const api = `http://127.0.0.1:${ports.PORT}`;
const HEALTH_NOTE = 'utmattningssyndrom F43.8 sedan hösten';
const SECRETS = ['19640823', '640823-3234', '6408233234', '19121212', '121212-1212', 'utmattningssyndrom', 'F43.8'];

let proc: ChildProcess | undefined;
let output = '';

/** `extra`: more environment for this start only */
function start(extra: NodeJS.ProcessEnv = {}): ChildProcess {
  output = '';
  // its own process group, like a terminal's foreground job
  const p = spawn(path.join(root, 'node_modules/.bin/tsx'), [script], {
    cwd: root,
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  p.stdout!.on('data', (d) => (output += d));
  p.stderr!.on('data', (d) => (output += d));
  return p;
}

/**
 * Until `url` answers 200. The cluster's start (PostgreSQL, its schemas, Temporal Server, Jaeger,
 * two workers, Prometheus) met 90 s at a load average of ~20 with the chaos run beside it.
 */
async function waitFor(url: string, ms = cluster ? 240_000 : 90_000): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return r;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} never answered; output:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Who listens on `port` (`ss`, where there is one): for the message of a port left open. */
function listener(port: number): string {
  try {
    return execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).trim() || 'nobody listed by ss';
  } catch {
    return 'unknown (no ss)';
  }
}

/** The ports of `allPorts` still open, each with its listener. */
async function portsLeftOpen(): Promise<string[]> {
  const open = [];
  for (const port of allPorts) if (await portOpen(port)) open.push(`${port}: ${listener(port)}`);
  return open;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/**
 * Stop like a user would: 'group' is Ctrl-C in a terminal (SIGINT to every process of the job);
 * 'twice' is two SIGINTs in a row to the orchestrator only (an impatient user, or a relaying npm).
 */
async function stop(p: ChildProcess, how: 'group' | 'twice' = 'group'): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
  if (how === 'group') process.kill(-p.pid!, 'SIGINT');
  else {
    // the orchestrator itself (tsx's node child), signalled twice: e.g. by the terminal and by a relay
    const orchestrator = Number(
      execFileSync('pgrep', ['-P', String(p.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')[0],
    );
    process.kill(orchestrator, 'SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    process.kill(orchestrator, 'SIGINT');
  }
  const code = await exited;
  // nothing of the job may be left: wait briefly for stragglers, then look
  for (let i = 0; i < 40 && groupAlive(p.pid!); i++) await new Promise((r) => setTimeout(r, 250));
  return code;
}

function groupAlive(pgid: number): boolean {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

/** `npm run token`'s work with this run's DATA_DIR, in this process (its process: token.test.ts) */
function token(role: string, sub: string): string {
  const r = tokenCommand(['--sub', sub, '--role', role], env);
  if (r.code !== 0) throw new Error(`token: ${r.stderr}`);
  return r.stdout.trim();
}

afterAll(async () => {
  if (proc && proc.exitCode === null) await stop(proc);
  if (proc?.pid && groupAlive(proc.pid)) process.kill(-proc.pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(cluster ? 'npm run start:cluster' : 'npm start', () => {
  it('runs the whole system, stops on SIGINT with nothing left, and keeps cases across a restart', async () => {
    proc = start();
    const health = await (await waitFor(`${api}/health`)).json();
    expect(health).toEqual({ status: 'ready', temporal: 'up', worker: 'polling', readModel: 'up' });
    if (cluster) {
      expect(fs.existsSync(path.join(dataDir, 'postgresql', 'PG_VERSION'))).toBe(true);
      // the start script says so once its own checks are done, a moment after the API is ready
      await waitUntil('the start banner', 30_000, async () => (output.includes('Sjukfall (cluster topology) is up') ? true : undefined));
    } else {
      expect((await waitFor(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);
      expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);
    }

    const auth = { authorization: `Bearer ${token('caseworker', 'hk-1')}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        personnummer: '19640823-3234',
        employment: { type: 'unemployed' },
        firstSickDay: addDays(stockholmDateOf(Date.now()), -3),
      }),
    });
    expect(created.status).toBe(201);
    const { caseId } = (await created.json()) as { caseId: string };
    expect((await fetch(`${api}/cases/${caseId}`, { headers: auth })).status).toBe(200);
    const noted = await fetch(`${api}/cases/${caseId}/commands/assess-rehab-need`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ need: true, note: HEALTH_NOTE }),
    });
    expect(noted.status).toBe(200);

    // Agencies answer by calling back, as a real employer would: the stub gets the sick-report
    // request (day 22 has passed at opening) and registers the report through our API.
    const employed = await fetch(`${api}/cases`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        personnummer: '19121212-1212',
        employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
        firstSickDay: addDays(stockholmDateOf(Date.now()), -24),
      }),
    });
    expect(employed.status).toBe(201);
    const employedId = ((await employed.json()) as { caseId: string }).caseId;
    let answered = false;
    for (let i = 0; i < 60 && !answered; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const { timeline } = (await (await fetch(`${api}/cases/${employedId}/timeline`, { headers: auth })).json()) as {
        timeline: { type: string; request?: string; actor?: { role: string } }[];
      };
      answered = timeline.some((e) => e.type === 'agency.responded' && e.request === 'sick-report' && e.actor?.role === 'employer');
    }
    expect(answered, 'the employer stub called back with the sick report').toBe(true);

    // Each process serves Prometheus text on its own port: the API its request durations and the
    // business gauges, each worker the SDK's worker metrics and its agency attempts.
    const page = async (port: number) => (await waitFor(`http://127.0.0.1:${port}/metrics`)).text();
    const apiPage = await page(ports.METRICS_PORT);
    expect(samples(apiPage, 'sjukfall_open_cases').reduce((a, b) => a + b, 0)).toBe(2);
    expect(
      samples(apiPage, 'sjukfall_http_request_duration_seconds_count', { method: 'POST', route: '/cases', status_code: '201' }),
    ).toEqual([2]);
    const workerPages = await Promise.all((cluster ? [1, 2] : [1]).map((i) => page(ports.METRICS_PORT + i)));
    for (const w of workerPages) expect(samples(w, 'temporal_worker_task_slots_available').length).toBeGreaterThan(0);
    const attempts = workerPages.flatMap((w) =>
      samples(w, 'sjukfall_agency_request_duration_seconds_count', { agency: 'employer', request: 'sick-report', outcome: 'ok' }),
    );
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(1);
    if (cluster) {
      // start:cluster's Prometheus scrapes the API, both workers and the Temporal server
      const query = async (q: string) =>
        (
          (await (await fetch(`http://127.0.0.1:${ports.PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          }
        ).data.result;
      await waitUntil('Prometheus has the open cases', 60_000, async () => (await query('sum(sjukfall_open_cases)'))[0]?.value[1] === '2');
      const up = await waitUntil('Prometheus scrapes all four', 60_000, async () => {
        const r = await query('up == 1');
        return r.length === 4 ? r : undefined;
      });
      expect(up.map((r) => r.metric.job).sort()).toEqual(['sjukfall-api', 'sjukfall-worker', 'sjukfall-worker', 'temporal']);

      // start:cluster's Jaeger has the command's trace: the API's request, the worker's update and
      // the case's projection, one trace ID; and no personal or health data in any span
      const jaeger = `http://127.0.0.1:${ports.JAEGER_PORT}`;
      const operation = 'POST /cases/:caseId/commands/assess-rehab-need';
      type JaegerTrace = { spans: { operationName: string; processID: string }[]; processes: Record<string, { serviceName: string }> };
      const trace = await waitUntil('Jaeger has the command as one trace of the API and a worker', 60_000, async () => {
        const url = `${jaeger}/api/traces?service=sjukfall-api&operation=${encodeURIComponent(operation)}&limit=5&lookback=1h`;
        const { data } = (await (await fetch(url)).json()) as { data: JaegerTrace[] | null };
        return data?.find((t) => t.spans.some((sp) => t.processes[sp.processID]?.serviceName === 'sjukfall-worker'));
      });
      const serviceOf = (name: string) =>
        trace.spans.filter((sp) => sp.operationName === name).map((sp) => trace.processes[sp.processID]!.serviceName);
      expect(serviceOf(operation)).toEqual(['sjukfall-api']);
      expect(serviceOf('StartWorkflowUpdate:assess-rehab-need')).toEqual(['sjukfall-api']);
      expect(serviceOf('HandleUpdate:assess-rehab-need')).toEqual(['sjukfall-worker']);
      const { data: services } = (await (await fetch(`${jaeger}/api/services`)).json()) as { data: string[] };
      expect(services).toEqual(expect.arrayContaining(['sjukfall-api', 'sjukfall-worker', 'sjukfall-stubs']));
      const stored = await Promise.all(
        services.map(async (svc) => (await fetch(`${jaeger}/api/traces?service=${svc}&limit=1000&lookback=1h`)).text()),
      );
      for (const secret of SECRETS) expect(stored.join('').includes(secret), `${secret} found in the traces`).toBe(false);
    }

    // A crashed worker (SIGKILL) is restarted by npm start; cases go on.
    const workers = execFileSync('pgrep', ['-g', String(proc.pid), '-f', 'worker/main.ts'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    // one node process per worker (`node --import tsx`): two workers on the cluster topology
    expect(workers).toHaveLength(cluster ? 2 : 1);
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    let readable = false;
    for (let i = 0; i < 60 && !readable; i++) {
      await new Promise((r) => setTimeout(r, 500));
      readable = (await fetch(`${api}/cases/${employedId}`, { headers: auth })).status === 200;
    }
    expect(readable, 'the case answers again after the worker was killed').toBe(true);
    expect(output).toContain('restarting it');

    const firstPid = proc.pid!;
    expect(await stop(proc, 'group')).toBe(0);
    expect(groupAlive(firstPid), 'a process of the first run is still alive').toBe(false);
    // Data protection: neither the personnummer nor the health note is readable anywhere on disk
    // (the Temporal SQLite database and its WAL, or PostgreSQL's tables and WAL, included) or in any log line.
    const files = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.some(isTemporalData)).toBe(true);
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(f.parentPath, f.name)).toString('latin1');
      for (const secret of SECRETS) expect(bytes.includes(secret), `${secret} found in ${f.name}`).toBe(false);
    }
    for (const secret of SECRETS) expect(output.includes(secret), `${secret} found in the logs`).toBe(false);
    // the search does see clear text where there is some: the opaque case ID is in the workflow ID
    const db = files.filter(isTemporalData).map((f) => fs.readFileSync(path.join(f.parentPath, f.name)).toString('latin1'));
    expect(db.some((b) => b.includes(caseId))).toBe(true);
    expect(output).toContain('request completed'); // the logs were captured at all
    expect(await portsLeftOpen(), 'ports still open after the first run').toEqual([]);

    // The restart loads the workflow code the first start bundled into DATA_DIR (WORKFLOW_BUNDLE,
    // docs/deployment.md): bundling it again (a few seconds of CPU) is what the first start tested.
    // (start:cluster's workers bundle their own)
    const bundled = path.join(dataDir, 'workflow-bundle.js');
    if (!cluster) expect(fs.existsSync(bundled), 'the first start bundled the workflow code into DATA_DIR').toBe(true);
    proc = start(cluster ? {} : { WORKFLOW_BUNDLE: bundled });
    await waitFor(`${api}/health`);
    const again = await fetch(`${api}/cases/${caseId}`, { headers: auth });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { caseId: string }).caseId).toBe(caseId);
    const secondPid = proc.pid!;
    await stop(proc, 'twice');
    expect(groupAlive(secondPid), 'a process of the second run is still alive').toBe(false);
    expect(await portsLeftOpen(), 'ports still open after the second run').toEqual([]);
  }, 600_000);
});
