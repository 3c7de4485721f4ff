/** Shared measuring helpers of the bench: latencies, percentiles, concurrent clients, progress lines. */
import { performance } from 'node:perf_hooks';

export interface Latencies {
  /** milliseconds, sorted ascending */
  ms: number[];
  /** wall time of the whole run */
  seconds: number;
}

/** The p-th percentile (0–100) of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

const printedTenth = new Map<string, number>();

/** Progress on stderr for long runs (rewritten in a terminal, every tenth otherwise), so stdout keeps only the figures. */
export function progress(label: string, done: number, total: number): void {
  const line = `  … ${label}: ${done}/${total}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    return;
  }
  const tenth = Math.floor((done / Math.max(1, total)) * 10);
  if (tenth === printedTenth.get(label)) return;
  printedTenth.set(label, tenth);
  process.stderr.write(`${line}\n`);
}

/**
 * `total` calls of `call(i)` by `clients` concurrent clients (each waits for its answer before the
 * next), timed one by one. A call that throws fails the run: a bench of errors measures nothing.
 * `enough()`, if given, is asked before each call: once it says so, no more calls are made.
 */
export async function runClients(
  label: string,
  total: number,
  clients: number,
  call: (i: number, client: number) => Promise<unknown>,
  enough: () => boolean = () => false,
  /** a pause after each call, not timed (a person reading the page before asking for the next) */
  pauseMs: () => number = () => 0,
): Promise<Latencies> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < total && !enough()) {
        const i = next++;
        const t = performance.now();
        await call(i, client);
        ms.push(performance.now() - t);
        if (total >= 1000) progress(label, ms.length, total);
        const pause = pauseMs();
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 };
}

/** Concatenate rounds of one kind of measurement (the bench alternates API and raw rounds so drift hits both). */
export function merge(rounds: Latencies[]): Latencies {
  return { ms: rounds.flatMap((r) => r.ms).sort((a, b) => a - b), seconds: rounds.reduce((s, r) => s + r.seconds, 0) };
}

export const perSecond = (l: Latencies): number => l.ms.length / l.seconds;
