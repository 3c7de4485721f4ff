/**
 * The reliability script's accounting: per case, the agency requests its timeline asked for, the
 * records the stub kept (one per idempotency key performed) and the activities its history
 * completed; then one row per scenario saying whether each was performed exactly once.
 */
import type { StubRequestRecord, SystemClient } from '../../harness';
import type { Row } from './table';

export interface AccountingContext {
  /** as a caseworker (timelines) and as a supervisor (histories) */
  c: SystemClient;
  supervisor: SystemClient;
  /** the cases each scenario opened */
  scenarioCases: Map<string, string[]>;
  row: (r: Row) => void;
  say: (m: string) => void;
  apiUp: () => Promise<boolean>;
  sleep: (ms: number) => Promise<unknown>;
  timeoutMs: number;
}

interface Accounting {
  caseId: string;
  /** `agency.requested` events in the case timeline */
  requested: number;
  /** records at the stub for the case (one per idempotency key performed) */
  performed: StubRequestRecord[];
  /** agency activities completed, from the case's Temporal history (undefined: not asked) */
  completed?: number;
}

async function account(ctx: AccountingContext, caseId: string, withHistory: boolean): Promise<Accounting> {
  const { c, supervisor } = ctx;
  const [requested, performed] = await Promise.all([c.requestedCount(caseId), c.performed(caseId)]);
  if (!withHistory) return { caseId, requested, performed };
  const h = await supervisor.api<{ lines: { what: string }[] }>('GET', `/cases/${caseId}/history?pageSize=500`);
  if (h.status !== 200) throw new Error(`history of ${caseId}: ${h.status}`);
  return { caseId, requested, performed, completed: h.body.lines.filter((l) => l.what === 'agency request performed').length };
}

/**
 * Waits (bounded) until every case's requests are done, then one row per scenario. Done means:
 * performed at the stub (a normal run); completed in the case's history (--check: the stubs keep their
 * records in memory, so after a restart of the stubs the requests performed before are not listed).
 */
export async function verifyRequests(ctx: AccountingContext, check: boolean): Promise<void> {
  const { scenarioCases, say, row, apiUp, sleep } = ctx;
  const all = [...scenarioCases.values()].flat();
  if (all.length === 0) return;
  say(`waiting (up to ${ctx.timeoutMs / 1000} s) until the agency requests of ${all.length} cases are performed`);
  // completed in the case's history always counts: after a worker is killed, the stub may already have
  // performed a request whose activity Temporal only retries (and completes) after its timeout
  const done = (a: Accounting) => a.requested > 0 && (a.completed ?? 0) >= a.requested && (check || a.performed.length >= a.requested);
  const settled = new Set<string>();
  const deadline = Date.now() + ctx.timeoutMs;
  let downSince: number | undefined;
  while (Date.now() < deadline && settled.size < all.length) {
    if (!(await apiUp())) {
      downSince ??= Date.now();
      if (Date.now() - downSince > 15_000) {
        say('  the API (or Temporal behind it) has been down for 15 s: giving up waiting');
        break;
      }
    } else downSince = undefined;
    const open = all.filter((id) => !settled.has(id));
    const now = await Promise.all(open.map((id) => account(ctx, id, true).catch(() => undefined)));
    for (const a of now) if (a && done(a)) settled.add(a.caseId);
    if (settled.size < all.length) await sleep(3000);
  }
  // once more for all, with the history: a late callback may have added requests, and nothing may be performed twice
  await sleep(1000);
  const final = await Promise.all(all.map((id) => account(ctx, id, true).catch(() => undefined)));
  const byCase = new Map(final.filter((a): a is Accounting => a !== undefined).map((a) => [a.caseId, a]));
  for (const [scenario, ids] of scenarioCases) {
    const rowsOf = ids.map((id) => byCase.get(id)).filter((a): a is Accounting => a !== undefined);
    const missing = ids.length - rowsOf.length;
    const unknown = rowsOf.length === 0;
    const requested = rowsOf.reduce((n, a) => n + a.requested, 0);
    const records = rowsOf.flatMap((a) => a.performed);
    const uniqueKeys = new Set(records.map((r) => r.key)).size;
    const attempts = records.reduce((n, r) => n + r.attempts, 0);
    const failed = records.reduce((n, r) => n + r.failedAttempts, 0);
    const completed = rowsOf.reduce((n, a) => n + (a.completed ?? 0), 0);
    const answered = missing ? `; ${missing} of ${ids.length} cases did not answer` : '';
    row({
      scenario,
      what: 'agency requests completed (case history)',
      expected: unknown ? '?' : requested,
      found: unknown ? '?' : completed,
      ok: missing === 0 && rowsOf.every((a) => a.requested > 0 && a.completed === a.requested),
      note: `ActivityTaskCompleted events vs agency.requested in the timelines${answered}`,
    });
    const onePerKey = uniqueKeys === records.length;
    row({
      scenario,
      what: check ? 'agency requests performed once (since the stub started)' : 'agency requests performed exactly once',
      expected: unknown ? '?' : requested,
      found: unknown ? '?' : uniqueKeys,
      ok:
        missing === 0 &&
        onePerKey &&
        rowsOf.every((a) => a.requested > 0 && (check ? a.performed.length <= a.requested : a.performed.length === a.requested)),
      note: `${attempts} HTTP attempts at the stub, ${failed} failed${check && uniqueKeys < requested ? `; ${requested - uniqueKeys} performed before the stubs restarted (kept in memory only)` : ''}${answered}`,
    });
  }
}
