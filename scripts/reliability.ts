/**
 * `npm run reliability [-- --kill-worker]`: fault scenarios against a RUNNING system (`npm start`,
 * or your own deployment), then a table of what was tried and what survived. Exit code 1 on any FAIL.
 *
 *  1. duplicates: each of K creates sent 10 times concurrently with one Idempotency-Key, then a
 *     command (a reconciliation meeting) sent 10 times concurrently with one key;
 *  2. the agency stub fails 50% of attempts for a while (--flaky-seconds) while cases ask agencies;
 *  3. the agency stub is down for a while (--down-seconds, shorter than the ~2 min the activity's
 *     retries last), then back;
 *  4. with --kill-worker: the worker process is SIGKILLed while (slow) agency requests are in flight.
 * Then it waits (bounded, --timeout) until every case's agency requests were performed at the stub
 * and checks: cases (expected vs found), commands (accepted vs applied once), agency requests
 * (requested in the timelines vs performed exactly once, one record per idempotency key).
 *
 * API at API_URL (default http://127.0.0.1:PORT), stubs at STUBS_URL (default http://127.0.0.1:STUBS_PORT),
 * tokens signed with the JWT secret the system uses (JWT_SECRET or DATA_DIR/dev-secrets.json).
 * The stub's behaviour is restored at the end, also on Ctrl-C.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { loadConfig } from '../platform/config';
import { loadSecrets } from '../platform/secrets';
import { signToken } from '../platform/tokens';
import { examplePeople } from '../harness/exampleIdentities';
import { SystemClient } from '../harness';
import { apiUp as apiUpAt, createReport, printTable } from './reliability/table';
import { workerPidsOf } from './reliability/workerPids';
import { verifyRequests } from './reliability/accounting';

const { values: opts } = parseArgs({
  options: {
    'kill-worker': { type: 'boolean', default: false },
    'worker-pid': { type: 'string', multiple: true },
    cases: { type: 'string', default: '4' },
    'flaky-seconds': { type: 'string', default: '10' },
    'down-seconds': { type: 'string', default: '20' },
    timeout: { type: 'string', default: '150' },
    check: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  process.stdout.write(
    'usage: npm run reliability -- [--kill-worker [--worker-pid PID]] [--cases 4] [--flaky-seconds 10] [--down-seconds 20] [--timeout 150]\n' +
      '       npm run reliability -- --check FILE   (account again for the cases of an earlier run, e.g. after a restart)\n',
  );
  process.exit(0);
}

const config = loadConfig();
const secrets = loadSecrets(config);
const c = new SystemClient(
  config.apiUrl,
  config.stubsUrl,
  signToken(secrets.jwtSecret, { sub: 'reliability', role: 'caseworker' }, 3600_000),
);
const supervisor = new SystemClient(
  config.apiUrl,
  config.stubsUrl,
  signToken(secrets.jwtSecret, { sub: 'reliability', role: 'supervisor' }, 3600_000),
);
const N = Math.max(1, Number(opts.cases));
const TIMEOUT_MS = Number(opts.timeout) * 1000;
const run = `rel-${Date.now().toString(36)}`;
const today = stockholmDateOf(Date.now());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const apiUp = () => apiUpAt(config.apiUrl);

/** synthetic example identities (valid check digit, no real person): one per case, as a person has one open case */
const person = examplePeople();
const employed = (daysAgo: number, extra: Record<string, unknown> = {}) => ({
  personnummer: person(),
  employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
  firstSickDay: addDays(today, -daysAgo),
  ...extra,
});
/** 31 days in with an expected 120 days: the employer is asked at once for the sick report and the plan */
const ASKING = () => employed(31, { expectedDurationDays: 120 });

const { rows, row } = createReport();
const say = (m: string) => process.stderr.write(`${m}\n`);

/** cases opened per scenario, whose agency requests are accounted at the end */
const scenarioCases = new Map<string, string[]>();

async function openMany(scenario: string, n: number, body: () => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  const results = await Promise.allSettled(Array.from({ length: n }, () => c.openCase(body())));
  for (const r of results) if (r.status === 'fulfilled') ids.push(r.value);
  row({
    scenario,
    what: 'cases opened',
    expected: n,
    found: ids.length,
    ok: ids.length === n,
    ...(ids.length < n ? { note: String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason) } : {}),
  });
  scenarioCases.set(scenario, [...(scenarioCases.get(scenario) ?? []), ...ids]);
  return ids;
}

// ---------------------------------------------------------------------------------------------

async function duplicates(): Promise<void> {
  const scenario = 'duplicates';
  say(`${scenario}: ${N} creates × 10 concurrent copies, then ${N} commands × 10 concurrent copies`);
  const groups = await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      const body = employed(20);
      const answers = await Promise.allSettled(Array.from({ length: 10 }, () => c.openCase(body, `${run}-open-${i}`)));
      return answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    }),
  );
  const answered = groups.reduce((n, g) => n + g.length, 0);
  const distinct = [...new Set(groups.flat())];
  const exist = await Promise.all(distinct.map(async (id) => (await c.api('GET', `/cases/${id}`)).status === 200));
  const found = exist.filter(Boolean).length;
  row({
    scenario,
    what: `cases from ${N}×10 identical creates`,
    expected: N,
    found,
    ok: found === N && distinct.length === N && groups.every((g) => new Set(g).size === 1),
    note: `${answered}/${N * 10} creates answered 201`,
  });
  scenarioCases.set(scenario, distinct);

  const commands = await Promise.all(
    distinct.map(async (id, i) => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          c.command(id, 'schedule-meeting', { meeting: 'reconciliation', date: today }, `${run}-meeting-${i}`),
        ),
      );
      return answers.filter((a) => a.status === 200).length;
    }),
  );
  const accepted = commands.reduce((n, k) => n + k, 0);
  const applied = await Promise.all(
    distinct.map(async (id) => (await c.timeline(id)).filter((e) => e.type === 'meeting.scheduled').length),
  );
  const once = applied.filter((k) => k === 1).length;
  row({
    scenario,
    what: `commands from ${distinct.length}×10 identical copies, applied once`,
    expected: distinct.length,
    found: once,
    ok: once === distinct.length && accepted === distinct.length * 10,
    note: `${accepted}/${distinct.length * 10} copies accepted; meeting.scheduled per case: ${applied.join(',')}`,
  });
}

async function flaky(): Promise<void> {
  const scenario = 'stub 50% failures';
  const seconds = Number(opts['flaky-seconds']);
  say(`${scenario}: for ${seconds} s, while ${N} cases ask the employer`);
  await c.setBehaviour({ failureRate: 0.5 });
  try {
    await openMany(scenario, N, ASKING);
    await sleep(seconds * 1000);
  } finally {
    await c.setBehaviour({ failureRate: 0 });
  }
}

async function outage(): Promise<void> {
  const scenario = 'stub down, then back';
  const seconds = Number(opts['down-seconds']);
  say(`${scenario}: down for ${seconds} s while ${N} cases ask the employer`);
  await c.setBehaviour({ down: true });
  try {
    await openMany(scenario, N, ASKING);
    await sleep(seconds * 1000);
    const performed = (await Promise.all((scenarioCases.get(scenario) ?? []).map((id) => c.performed(id)))).flat().length;
    row({ scenario, what: 'nothing performed while down', expected: 0, found: performed, ok: performed === 0 });
  } finally {
    await c.setBehaviour({ down: false });
  }
}

/** Worker pids: given, or those of this system found by `pgrep` (see reliability/workerPids.ts). */
const workerPids = (): number[] => (opts['worker-pid']?.length ? opts['worker-pid'].map(Number) : workerPidsOf(config));

async function killWorker(): Promise<void> {
  const scenario = 'worker SIGKILL';
  const pids = workerPids();
  if (pids.length === 0) {
    row({
      scenario,
      what: 'worker process found',
      expected: '≥1 pid',
      found: 0,
      ok: false,
      note: 'pgrep -f worker/main.ts found none of this system (or pass --worker-pid)',
    });
    return;
  }
  say(`${scenario}: slow stub (1.5–2 s), ${N} cases ask the employer, SIGKILL of pid ${pids.join(', ')} while the requests are in flight`);
  await c.setBehaviour({ latencyMs: [1500, 2000] });
  await openMany(scenario, N, ASKING);
  await sleep(700); // the worker has sent its HTTP calls; the stub is still "thinking"
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone (a tsx wrapper dies with its child) */
    }
  }
  say(`  killed ${pids.join(', ')}; waiting (up to ${opts.timeout} s) for a worker to come back and the API to answer`);
  await c.setBehaviour({ latencyMs: [5, 40] }).catch(() => undefined);
  const ids = scenarioCases.get(scenario) ?? [];
  // bounded: until every case answers, the timeout, or the API has been gone for 15 s
  const deadline = Date.now() + TIMEOUT_MS;
  let answering = 0;
  let downSince: number | undefined;
  while (Date.now() < deadline) {
    if (!(await apiUp())) {
      downSince ??= Date.now();
      if (Date.now() - downSince > 15_000) break;
      await sleep(1000);
      continue;
    }
    downSince = undefined;
    const answers = await Promise.all(
      ids.map((id) =>
        c.api('GET', `/cases/${id}`).then(
          (r) => r.status,
          () => 0,
        ),
      ),
    );
    answering = answers.filter((st) => st === 200).length;
    if (answering === ids.length) break;
    await sleep(2000);
  }
  const replaced = workerPids().filter((p) => !pids.includes(p));
  row({
    scenario,
    what: 'cases answer after the kill (a worker is back)',
    expected: ids.length,
    found: answering,
    ok: answering === ids.length,
    note:
      answering === ids.length
        ? `worker pid now ${replaced.join(', ') || '(not found)'}`
        : downSince !== undefined
          ? 'the whole system stopped: under `npm start` a service that dies stops everything (scripts/start.ts). Start it again and run --check (below): the cases resume'
          : 'no worker came back within the timeout (is something restarting it?)',
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (!(await apiUp())) {
    say(`the API at ${config.apiUrl} is not up (or Temporal is down): start the system first (npm start)`);
    return 2;
  }
  const original = await c.getBehaviour();
  say(`reliability run ${run} against ${config.apiUrl} (stubs ${config.stubsUrl}); stub behaviour saved`);
  let restored = false;
  const restore = async () => {
    if (restored) return;
    restored = true;
    const { latencyMs, failureRate, down } = original as { latencyMs: unknown; failureRate: unknown; down: unknown };
    await c.setBehaviour({ latencyMs, failureRate, down }).then(
      () => say('stub behaviour restored'),
      (err: Error) => say(`could not restore the stub behaviour: ${err.message}`),
    );
  };
  process.once('SIGINT', () => void restore().then(() => process.exit(130)));
  const t0 = Date.now();
  const runFile = path.join(os.tmpdir(), `sjukfall-reliability-${run}.json`);
  try {
    if (opts.check) {
      const earlier = JSON.parse(fs.readFileSync(opts.check, 'utf8')) as { run: string; cases: Record<string, string[]> };
      say(`checking the cases of run ${earlier.run} again`);
      for (const [scenario, ids] of Object.entries(earlier.cases)) scenarioCases.set(scenario, ids);
    } else {
      await c.setBehaviour({ latencyMs: [5, 40], failureRate: 0, down: false });
      await duplicates();
      await flaky();
      await outage();
      if (opts['kill-worker']) await killWorker();
      fs.writeFileSync(runFile, JSON.stringify({ run, cases: Object.fromEntries(scenarioCases) }, null, 2));
    }
    await verifyRequests({ c, supervisor, scenarioCases, row, say, apiUp, sleep, timeoutMs: TIMEOUT_MS }, Boolean(opts.check));
  } catch (err) {
    row({ scenario: 'run', what: 'the run itself', expected: 'no error', found: (err as Error).message, ok: false });
  } finally {
    await restore();
  }
  printTable(rows);
  const failed = rows.filter((r) => !r.ok).length;
  process.stdout.write(`\n${rows.length - failed} PASS, ${failed} FAIL in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  if (!opts.check && fs.existsSync(runFile))
    process.stdout.write(
      `the cases of this run are listed in ${runFile}; check them again with: npm run reliability -- --check ${runFile}\n`,
    );
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
