/**
 * Reading one case, whichever holds it (docs/records.md): decorated on the app as `app.records`.
 * A closed case that has been archived is read from its sealed record (it reads the same for as
 * long as it is kept, also after Temporal has removed its workflow); any other case from its
 * workflow (`app.cases`); a purged case is `410 GONE`. Every read is first written to the access
 * log (`recordAccess`): a read whose entry cannot be written is not served.
 */
import fp from 'fastify-plugin';
import { WorkflowNotFoundError } from '@temporalio/client';
import { sql } from 'kysely';
import type { CaseView } from '../domain/caseMachine';
import type { Actor, TimelineEvent } from '../domain/vocabulary';
import type { PayloadKey } from '../platform/codec';
import { openRecord, type CaseRecord } from '../readModel/archive';
import type { HistoryEntry } from '../contract/caseRecord';
import type { AccessKind } from '../readModel/accessLog';
import { AccessLogBatches } from '../readModel/accessLogBatches';
import type { ReadModelDb } from '../readModel/connect';
import { payloadDecoder } from '../activities/archive';
import { historyEntries } from '../workflows/historyEntries';
import type { TemporalCases } from './temporalCases';
import { HttpError } from '../platform/httpErrors';
import type { Reader } from './reads';

declare module 'fastify' {
  interface FastifyInstance {
    records: CaseRecords;
  }
}

const archivedView = (r: CaseRecord): CaseView & { archived: true } => ({ ...r.view, availableCommands: [], archived: true });

export class CaseRecords {
  private readonly accessLog: AccessLogBatches;

  constructor(
    private readonly cases: TemporalCases,
    private readonly db: ReadModelDb,
    private readonly keys: readonly PayloadKey[],
    accessLogYears: number,
  ) {
    this.accessLog = new AccessLogBatches(db, accessLogYears);
  }

  /**
   * Appends the access-log entry of this read (one per case when given several); 503 when it cannot
   * be written (the read is then not served).
   */
  async recordAccess(req: Reader, what: AccessKind, caseIds?: string | readonly string[]): Promise<void> {
    const u = req.user;
    const ids = caseIds === undefined ? [undefined] : typeof caseIds === 'string' ? [caseIds] : caseIds;
    try {
      await this.accessLog.append(ids.map((caseId) => ({ sub: u.sub, role: u.role, team: u.team, what, caseId })));
    } catch (err) {
      req.log.error({ err }, 'access log entry not written; read refused');
      throw new HttpError(
        503,
        'ACCESS_LOG_UNAVAILABLE',
        'the access log cannot record this read right now, so it is not served; retry later',
      );
    }
  }

  /**
   * A read of one case, logged: the access-log entry is written while the case is read (the two
   * wait on different servers), and the read is given back only once its entry is in. An entry that
   * cannot be written refuses the read (503 ACCESS_LOG_UNAVAILABLE, whatever the read gave).
   */
  async logged<T>(req: Reader, what: AccessKind, caseId: string, read: Promise<T>): Promise<T> {
    const [entry, value] = await Promise.allSettled([this.recordAccess(req, what, caseId), read]);
    if (entry.status === 'rejected') throw entry.reason;
    if (value.status === 'rejected') throw value.reason;
    return value.value;
  }

  /** The archived record, or 410 when the case was purged, or undefined (not archived). One statement. */
  private async archived(caseId: string): Promise<CaseRecord | undefined> {
    const { rows } = await sql<{ sealed: string | null; purged_at: Date | null }>`
      select sealed, null::timestamptz as purged_at from case_archive where case_id = ${caseId}
      union all select null, purged_at from purge_log where case_id = ${caseId}`.execute(this.db);
    const purged = rows.find((r) => r.purged_at);
    if (purged) {
      throw new HttpError(
        410,
        'GONE',
        `the case's records were purged on ${new Date(purged.purged_at!).toISOString().slice(0, 10)} (gallring)`,
      );
    }
    const row = rows.find((r) => r.sealed);
    return row ? openRecord(this.keys, row.sealed!) : undefined;
  }

  private async read<T>(caseId: string, fromRecord: (r: CaseRecord) => T, live: () => Promise<T>): Promise<T> {
    const record = await this.archived(caseId);
    if (record) return fromRecord(record);
    try {
      return await live();
    } catch (err) {
      // purged while we read, or closed and removed between the two reads: ask once more
      if (err instanceof WorkflowNotFoundError) {
        const late = await this.archived(caseId);
        if (late) return fromRecord(late);
      }
      throw err;
    }
  }

  /**
   * An open case has no record yet, so its workflow is asked first and the read model only for a
   * closed or removed one: the most frequent read costs one statement less.
   */
  private async liveFirst<T>(
    caseId: string,
    live: () => Promise<T>,
    closed: (t: T) => boolean,
    fromRecord: (r: CaseRecord) => T,
  ): Promise<T> {
    let value: T;
    try {
      value = await live();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const record = await this.archived(caseId);
      if (record) return fromRecord(record);
      throw err;
    }
    if (!closed(value)) return value;
    const record = await this.archived(caseId);
    return record ? fromRecord(record) : value;
  }

  /** The case as `actor` sees it (an archived case offers no command to anyone). */
  view(caseId: string, actor: Actor): Promise<CaseView & { archived?: true }> {
    return this.liveFirst<CaseView & { archived?: true }>(
      caseId,
      () => this.cases.view(caseId, actor),
      (v) => v.status === 'closed',
      archivedView,
    );
  }

  /** The case as `actor` sees it and its timeline, read together (one query of an open case: the case page). */
  viewAndTimeline(caseId: string, actor: Actor): Promise<{ view: CaseView & { archived?: true }; timeline: TimelineEvent[] }> {
    return this.liveFirst<{ view: CaseView & { archived?: true }; timeline: TimelineEvent[] }>(
      caseId,
      () => this.cases.viewAndTimeline(caseId, actor),
      (p) => p.view.status === 'closed',
      (r) => ({ view: archivedView(r), timeline: r.timeline }),
    );
  }

  timeline(caseId: string): Promise<TimelineEvent[]> {
    return this.read(
      caseId,
      (r) => r.timeline,
      () => this.cases.timeline(caseId),
    );
  }

  historyEntries(caseId: string): Promise<HistoryEntry[]> {
    return this.read(
      caseId,
      (r) => r.historyEntries,
      async () => historyEntries((await this.cases.history(caseId)).events ?? [], payloadDecoder(this.cases.client)),
    );
  }
}

export const caseRecordsPlugin = fp<{ keys: readonly PayloadKey[]; accessLogYears: number }>(async (app, o) => {
  app.decorate('records', new CaseRecords(app.cases, app.readModel, o.keys, o.accessLogYears));
});
