/**
 * `npm run load -- [--cases 200] [--concurrency 8]`: a small, bounded load on a RUNNING system
 * (`npm start` or `npm run start:cluster`, same DATA_DIR and PORT): opens N cases through the API
 * with K concurrent clients, then lists them through visibility, and prints the figures
 * (docs/deployment.md quotes them for both topologies). Loopback only; it stops by itself.
 * The API's rate limit (600/min per client address) caps a run: keep --cases below it.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { loadConfig } from '../platform/config';
import { loadSecrets } from '../platform/secrets';
import { signToken } from '../platform/tokens';

/** a synthetic example identity (valid check digit, no real person) */
const EXAMPLE_PERSONNUMMER = '19640823-3234';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '8' } } });
const total = Math.min(500, Number(values.cases));
const concurrency = Math.max(1, Number(values.concurrency));
const config = loadConfig();
const token = signToken(loadSecrets(config).jwtSecret, { sub: 'load-1', role: 'caseworker' });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const body = JSON.stringify({
    personnummer: EXAMPLE_PERSONNUMMER,
    employment: { type: 'unemployed' },
    firstSickDay: addDays(stockholmDateOf(Date.now()), -3),
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t = performance.now();
        const r = await fetch(`${config.apiUrl}/cases`, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
        await r.text();
        if (r.status === 201) latencies.push(performance.now() - t);
        else failures.push(String(r.status));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const t = performance.now();
  const list = await fetch(`${config.apiUrl}/cases?status=open`, { headers, signal: AbortSignal.timeout(30_000) });
  const listMs = performance.now() - t;
  const listed = list.ok ? ((await list.json()) as { cases: unknown[] }).cases.length : `HTTP ${list.status}`;
  process.stdout.write(
    `${JSON.stringify({
      api: config.apiUrl,
      cases: total,
      concurrency,
      created: latencies.length,
      failures: failures.length ? failures : undefined,
      createsPerSecond: Number((latencies.length / seconds).toFixed(1)),
      createMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)) },
      listOpenMs: Math.round(listMs),
      listedOnFirstPage: listed,
    })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`load failed: ${(err as Error).message}\n`);
  process.exit(1);
});
