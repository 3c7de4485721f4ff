/**
 * Fixed-layout port blocks for whole systems started by tests (harness/systemProcesses.ts, the
 * system test's `npm start`): a block is BLOCK ports from its base, and the cluster topology's
 * Temporal membership ports lie 300 below its gRPC ports (platform/cluster/temporalServer.ts).
 *
 * Why not a random base: two systems of one test run (two vitest workers, e.g. the chaos run
 * beside the system test) picked overlapping random blocks now and then, and one found a port of
 * the other open after it had stopped. Here each vitest worker (VITEST_POOL_ID) has its own slots,
 * and within a worker the slots are taken in turn, so no two systems of one run share a port. A run
 * beside this one (another checkout) starts at a random slot, as before.
 *
 * Layout: slots are STRIDE apart from FIRST; a system uses offsets 0..BLOCK-1 of its slot, and its
 * membership ports (offsets 2..8 of the Temporal block, minus 300) land at offsets 31..37 of the
 * slot seven below (300 = 7 × 47 - 29), which no system uses for its own ports.
 */
const STRIDE = 47;
/** the highest offset a system listens on, plus one (the system test's Jaeger OTLP port is base + 27) */
export const BLOCK = 28;
/** 300 above 20000: membership ports stay far above the privileged range */
const FIRST = 20300;
/** the last base: its ports stay below Linux's ephemeral range (32768), where outgoing connections take theirs */
const LAST = 32768 - BLOCK;
const SLOTS = Math.floor((LAST - FIRST) / STRIDE) + 1;
/** more than vitest's workers in any config of this project */
const WORKERS = 8;

let next = Math.floor(Math.random() * SLOTS);

/** The base port of a block no other system of this test run is using (`worker`: vitest's, 1…, or 0 outside vitest). */
export function systemPortBase(worker = Number(process.env.VITEST_POOL_ID ?? 0)): number {
  if (!worker) return FIRST + STRIDE * Math.floor(Math.random() * SLOTS);
  const own = Math.floor((SLOTS - 1 - (worker % WORKERS)) / WORKERS) + 1;
  const slot = (next++ % own) * WORKERS + (worker % WORKERS);
  return FIRST + STRIDE * slot;
}
