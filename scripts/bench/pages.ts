/**
 * Pages under load (`npm run bench -- --pages`): the web app's work list, a case page and the
 * supervisor's dashboard, each asked for by 16 concurrent users (BENCH_PAGE_USERS) with a national
 * caseload in the read model (BENCH_PAGE_CASES, default 200,000 synthetic cases seeded as
 * bench:read-model seeds them) on the system as `npm start` runs it (dev server, PGlite read model,
 * worker, API serving the web app). Each user is a caseworker of the synthetic caseload (their own
 * work list), with one real case opened through the API (its page reads the workflow), and a
 * supervisor of one team (the dashboard of their team). p95 of each page; printed, never asserted.
 * With BENCH_PAGE_THINK_MS (a mean, ms), each page is measured a second time with the users pausing
 * between pages as people do (a random pause, exponential with that mean), beside the no-pause figures.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { SESSION_COOKIE } from '../../web/session';
import type { TokenClaims } from '../../platform/tokens';
import type { Report } from './report';
import { seedSynthetic } from './readModel';
import { percentile, runClients, type Latencies } from './stats';
import { httpRequest } from './httpClient';
import { cpuBetween, cpuSeconds, openingBody, startBenchSystem, type BenchSystem, type CpuSeconds } from './system';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface PageUser {
  caseworker: TokenClaims;
  supervisor: TokenClaims;
  caseId: string;
}

/** A page as a signed-in user (the session cookie holds the token); throws unless it answers 200. */
async function page(b: BenchSystem, claims: TokenClaims, path: string): Promise<void> {
  // no redirect is followed (http.request never does): a page that sends the user elsewhere is not a 200
  const res = await httpRequest(`${b.sys.apiUrl}${path}`, 'GET', { cookie: `${SESSION_COOKIE}=${b.sys.token(claims)}` });
  const body = res.text;
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
}

/** The users: the caseworkers with the most open cases in the seeded caseload, each in a team of their own. */
async function pageUsers(b: BenchSystem, n: number): Promise<PageUser[]> {
  const { rows } = await sql<{ caseworker_id: string; team: string }>`select caseworker_id, min(team) as team from cases
    where status = 'open' and caseworker_id is not null group by caseworker_id order by count(*) desc, caseworker_id limit ${n * 4}`.execute(
    b.readModel,
  );
  const byTeam = new Map<string, { caseworker_id: string; team: string }>();
  for (const r of rows) if (!byTeam.has(r.team)) byTeam.set(r.team, r);
  const chosen = [...byTeam.values(), ...rows].slice(0, n);
  const users: PageUser[] = [];
  for (const r of chosen) {
    const caseworker: TokenClaims = { sub: r.caseworker_id, role: 'caseworker', team: r.team };
    const res = await httpRequest(
      `${b.sys.apiUrl}/cases`,
      'POST',
      { authorization: `Bearer ${b.sys.token(caseworker)}`, 'content-type': 'application/json' },
      JSON.stringify(openingBody(b.nextPerson())),
    );
    if (res.status !== 201) throw new Error(`POST /cases answered ${res.status}: ${res.text}`);
    const { caseId } = JSON.parse(res.text) as { caseId: string };
    users.push({ caseworker, supervisor: { sub: `chef-${r.team}`, role: 'supervisor', team: r.team }, caseId });
  }
  return users;
}

export async function benchPages(report: Report, log: (line: string) => void = console.log): Promise<void> {
  const cases = env('BENCH_PAGE_CASES', 200_000);
  const clients = env('BENCH_PAGE_USERS', 16);
  const requests = env('BENCH_PAGE_REQUESTS', 160);
  const thinkMs = env('BENCH_PAGE_THINK_MS', 0);
  const b = await startBenchSystem();
  try {
    const t0 = performance.now();
    await seedSynthetic(b.readModel, cases, (done) => {
      if (done % 20_000 === 0 || done === cases) log(`  seeded ${done}/${cases} cases (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    });
    const users = await pageUsers(b, clients);
    const pages: { name: string; path: (u: PageUser) => string; who: (u: PageUser) => TokenClaims; n: number; goal: string }[] = [
      { name: 'WorkList', path: () => '/app/', who: (u) => u.caseworker, n: requests, goal: '≤ 150' },
      { name: 'CasePage', path: (u) => `/app/cases/${u.caseId}`, who: (u) => u.caseworker, n: requests, goal: '≤ 150' },
      {
        name: 'Dashboard',
        path: (u) => `/app/dashboard?team=${u.supervisor.team}`,
        who: (u) => u.supervisor,
        n: requests / 2,
        goal: '≤ 1000',
      },
    ];
    for (const p of pages) {
      const call = (_: number, client: number) => page(b, p.who(users[client % users.length]!), p.path(users[client % users.length]!));
      await runClients(`${p.name} warm-up`, clients, clients, call);
      const before = cpuSeconds(b);
      const l: Latencies = await runClients(p.name, p.n, clients, call);
      const cpu = Object.entries(cpuBetween(before, cpuSeconds(b))) as [keyof CpuSeconds, number][];
      const of = `${clients} users, ${cases} cases in the read model (PGlite), ${l.ms.length} pages`;
      report.add({ name: `page${p.name}P95Ms`, value: percentile(l.ms, 95), unit: 'ms', what: `p95, ${of}`, goal: p.goal });
      report.add({ name: `page${p.name}P50Ms`, value: percentile(l.ms, 50), unit: 'ms', what: `p50, ${of}` });
      report.add({ name: `page${p.name}PerSecond`, value: l.ms.length / l.seconds, unit: 'pages/s', what: of });
      // the CPU a page costs, by process: with 16 users and no pause between pages, a page waits for
      // the 15 others' CPU too, so p50 ≈ 16 × this ÷ the cores it gets
      report.add({
        name: `page${p.name}CpuMs`,
        value: (cpu.reduce((a, [, v]) => a + v, 0) * 1000) / l.ms.length,
        unit: 'ms',
        what: `CPU per page, all processes (${cpu
          .filter(([k]) => k !== 'bench')
          .map(([k, v]) => `${k} ${((v * 1000) / l.ms.length).toFixed(1)}`)
          .join(', ')})`,
      });
      if (thinkMs > 0) {
        const think = () => -Math.log(1 - Math.random()) * thinkMs;
        const t: Latencies = await runClients(`${p.name} with pauses`, p.n, clients, call, undefined, think);
        const paused = `${clients} users pausing ${thinkMs} ms on average between pages, ${cases} cases, ${t.ms.length} pages`;
        report.add({ name: `page${p.name}ThinkP95Ms`, value: percentile(t.ms, 95), unit: 'ms', what: `p95, ${paused}`, goal: p.goal });
        report.add({ name: `page${p.name}ThinkP50Ms`, value: percentile(t.ms, 50), unit: 'ms', what: `p50, ${paused}` });
      }
    }
  } finally {
    await b.stop();
  }
}
