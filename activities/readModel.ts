/**
 * The read-model activity: writes a case's projection (readModel/write.ts) into the SQL read model
 * the lists, searches and statistics read. Idempotent: the workflow may retry it, a worker may die
 * half-way, a replay may send it again; rows are keyed by (case, event sequence) and versioned.
 */
import type { ReadModelDb } from '../readModel/connect';
import type { CaseProjection } from '../readModel/types';
import { writeProjection } from '../readModel/write';

export function createReadModelActivities(db: ReadModelDb) {
  return {
    async projectCase(p: CaseProjection): Promise<void> {
      await writeProjection(db, p);
    },
  };
}

export type ReadModelActivities = ReturnType<typeof createReadModelActivities>;
