/**
 * The read-model activity: writes a case's projection (readModel/write.ts) into the SQL read model
 * the lists, searches and statistics read. Idempotent: the workflow may retry it, a worker may die
 * half-way, a replay may send it again; rows are keyed by (case, event sequence) and versioned.
 *
 * While the database is down, every case would spend its attempt waiting for a connection that
 * never comes. So once a write fails, the worker fails further attempts at once (the workflow
 * retries them on a timer) and probes the database itself, every PROBE_MS, until it answers.
 * What is not yet written is the projection lag (platform/metrics.ts reads `lag`).
 */
import { ApplicationFailure } from '@temporalio/common';
import { readModelUp, type ReadModelDb } from '../readModel/connect';
import type { CaseProjection } from '../readModel/types';
import { writeProjection } from '../readModel/write';
import { withinMs } from '../platform/deadline';

const PROBE_MS = 2_000;
/** a projection is a few small statements: this long without an answer, the database is in trouble */
const WRITE_TIMEOUT_MS = 3_000;

export interface ProjectionHealth {
  /** seconds since the oldest change not yet in the read model (0 when all are written) */
  lagSeconds(): number;
  /** writes that failed (the database down or too slow) */
  failures: number;
  /** true while the worker treats the read model as down */
  down(): boolean;
}

/** `health`, when given, is filled in for the worker's metrics. */
export function createReadModelActivities(db: ReadModelDb, health: ProjectionHealth = projectionHealth()) {
  /** case ID → when its oldest unwritten change happened */
  const behind = new Map<string, number>();
  let down = false;
  let probing: NodeJS.Timeout | undefined;
  health.lagSeconds = () => (behind.size ? Math.max(0, (Date.now() - Math.min(...behind.values())) / 1000) : 0);
  health.down = () => down;

  function markDown(): void {
    down = true;
    if (probing) return;
    const probe = async (): Promise<void> => {
      if (await readModelUp(db)) {
        down = false;
        probing = undefined;
      } else probing = setTimeout(() => void probe(), PROBE_MS).unref();
    };
    probing = setTimeout(() => void probe(), PROBE_MS).unref();
  }

  function fellBehind(p: CaseProjection): void {
    const id = p.summary.caseId;
    if (!behind.has(id)) behind.set(id, p.changedAt ?? Date.now());
  }

  return {
    async projectCase(p: CaseProjection): Promise<void> {
      if (down) {
        fellBehind(p);
        throw ApplicationFailure.retryable('the read model is down; the projection is retried on a timer', 'ReadModelDown');
      }
      try {
        await withinMs(WRITE_TIMEOUT_MS, writeProjection(db, p));
        behind.delete(p.summary.caseId);
      } catch (err) {
        health.failures += 1;
        fellBehind(p);
        markDown();
        throw err;
      }
    },
  };
}

/** Nothing written or failed yet. */
export const projectionHealth = (): ProjectionHealth => ({ lagSeconds: () => 0, failures: 0, down: () => false });

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
