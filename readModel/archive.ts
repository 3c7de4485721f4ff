/**
 * The archive of closed cases (docs/records.md): each closed case's whole record, written once when
 * it closes, before its workflow completes, and read when Temporal no longer has the workflow
 * (namespace retention). Beside the read model in the same PostgreSQL, sealed with the payload keys
 * (platform/sealing.ts): the database, its backups and its administrators never see the record in
 * clear. Written with `on conflict do nothing`: a retried write (a worker that died after the
 * write) leaves the first record as it was.
 */
import type { CaseView } from '../domain/caseMachine';
import type { TimelineEvent } from '../domain/vocabulary';
import type { HistoryEntry } from '../contract/caseRecord';
import type { PayloadKey } from '../platform/codec';
import { seal, unseal } from '../platform/sealing';
import type { ReadModelDb } from './connect';

/** A closed case's whole record. */
export interface CaseRecord {
  caseId: string;
  closedOn: string;
  /** the state as GET /cases/{caseId} answered it when the case closed */
  view: CaseView;
  timeline: TimelineEvent[];
  /** the decoded history, as GET /cases/{caseId}/history answers it (workflows/historyEntries.ts) */
  historyEntries: HistoryEntry[];
  /**
   * Temporal's own export of the workflow history (the JSON of `temporal workflow show --output
   * json`, up to the archive write) of the case's last run; its payloads stay codec-encrypted inside the seal.
   */
  historyExport: unknown;
}

export interface ArchiveEntry {
  caseId: string;
  personKey: string;
  closedOn: string;
  record: CaseRecord;
}

/** The record in a sealed column. */
export const openRecord = (keys: readonly PayloadKey[], sealed: string): CaseRecord => JSON.parse(unseal(keys, sealed)) as CaseRecord;

/** Writes the record unless one is there already; true when this call wrote it. */
export async function writeArchive(db: ReadModelDb, keys: readonly PayloadKey[], e: ArchiveEntry): Promise<boolean> {
  const written = await db
    .insertInto('case_archive')
    .values({
      case_id: e.caseId,
      person_key: e.personKey,
      closed_on: e.closedOn,
      history_events: Array.isArray((e.record.historyExport as { events?: unknown[] })?.events)
        ? (e.record.historyExport as { events: unknown[] }).events.length
        : 0,
      sealed: seal(keys, JSON.stringify(e.record)),
    })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return written !== undefined;
}

export interface ArchivedCase {
  record: CaseRecord;
  writtenAt: Date;
}

export async function readArchive(db: ReadModelDb, keys: readonly PayloadKey[], caseId: string): Promise<ArchivedCase | undefined> {
  const row = await db.selectFrom('case_archive').select(['sealed', 'written_at']).where('case_id', '=', caseId).executeTakeFirst();
  return row ? { record: openRecord(keys, row.sealed), writtenAt: row.written_at } : undefined;
}

/** The archived records of one person (the register extract). */
export async function archivesOfPerson(db: ReadModelDb, keys: readonly PayloadKey[], personKey: string): Promise<CaseRecord[]> {
  const rows = await db.selectFrom('case_archive').select('sealed').where('person_key', '=', personKey).orderBy('closed_on').execute();
  return rows.map((r) => openRecord(keys, r.sealed));
}

/** When a case's records were purged, if they were. */
export async function purgedCase(db: ReadModelDb, caseId: string): Promise<{ purgedAt: Date; closedOn: string } | undefined> {
  const row = await db.selectFrom('purge_log').select(['purged_at', 'closed_on']).where('case_id', '=', caseId).executeTakeFirst();
  return row ? { purgedAt: row.purged_at, closedOn: row.closed_on } : undefined;
}
