/**
 * The access log (behörighetslogg, docs/records.md): one entry per read by FK staff of a case, its
 * timeline, history, person (whose case it is) or access log, and per person search or register extract. Who (sub, role,
 * team), when, what, which case; never the personnummer. Append-only: the table's trigger refuses
 * any change, and any deletion before the entry's own keep_until (readModel/migrations/2026-12-06-007-archive-access-log-purge-log.ts).
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';
import { integerLiteral, literal } from './literals';

import type { AccessKind } from '../contract/accessKinds';

export type { AccessKind } from '../contract/accessKinds';

export interface AccessEntry {
  sub: string;
  role: string;
  team?: string | undefined;
  what: AccessKind;
  caseId?: string | undefined;
}

export interface LoggedAccess extends Required<Pick<AccessEntry, 'sub' | 'role' | 'what'>> {
  id: number;
  at: string;
  team: string | null;
  caseId: string | null;
}

/**
 * Appends entries (one statement), each kept `keepYears` from today; throws when they cannot be written.
 * Every read of a case runs this, so its values are literals (readModel/literals.ts): one
 * simple-protocol message, not five.
 */
export async function appendAccess(db: ReadModelDb, entries: readonly AccessEntry[], keepYears: number): Promise<void> {
  if (!entries.length) return;
  const keepUntil = `(current_date + make_interval(years => ${integerLiteral(keepYears)}))::date`;
  const rows = entries.map(
    (e) => `(${literal(e.sub)}, ${literal(e.role)}, ${literal(e.team)}, ${literal(e.what)}, ${literal(e.caseId)}, ${keepUntil})`,
  );
  await sql.raw(`insert into access_log (sub, role, team, what, case_id, keep_until) values ${rows.join(', ')}`).execute(db);
}

export interface AccessFilter {
  caseId?: string;
  sub?: string;
  /** from this moment on (inclusive) */
  from?: Date;
  /** before this moment */
  to?: Date;
  limit: number;
}

/** Entries, newest first. */
export async function listAccess(db: ReadModelDb, f: AccessFilter): Promise<LoggedAccess[]> {
  let q = db.selectFrom('access_log').select(['id', 'at', 'sub', 'role', 'team', 'what', 'case_id']);
  if (f.caseId) q = q.where('case_id', '=', f.caseId);
  if (f.sub) q = q.where('sub', '=', f.sub);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    sub: r.sub,
    role: r.role,
    team: r.team,
    what: r.what as AccessKind,
    caseId: r.case_id,
  }));
}

/**
 * Entries whose retention has passed are removed (the daily purge); returns how many. By the
 * database's own date as well: a purge run with a clock offset (tests) never removes an entry early.
 */
export async function purgeExpiredAccess(db: ReadModelDb, today: string): Promise<number> {
  const res = await db
    .deleteFrom('access_log')
    .where('keep_until', '<=', sql<string>`least(${today}::date, current_date)`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
