/**
 * A party's inbox: what open cases wait for from one employer (by organisation number), one region
 * (by its code) or AF, soonest due first. Only the request and its dates: nothing of the case's
 * health (criterion, degree, notes) is read here.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';

export interface InboxParty {
  agency: 'employer' | 'region' | 'af';
  /** the employer's organisation number or the region's code; none for AF */
  party?: string;
}

export interface InboxRow {
  caseId: string;
  request: string;
  meeting?: string;
  requestedOn: string;
  dueOn?: string;
  overdue: boolean;
}

/** At most this many rows (soonest due first); an inbox longer than this is a backlog to call FK about. */
export const INBOX_LIMIT = 500;

export async function inboxOf(db: ReadModelDb, who: InboxParty, today: string): Promise<InboxRow[]> {
  let q = db
    .selectFrom('pending_requests as p')
    .innerJoin('cases as c', 'c.case_id', 'p.case_id')
    .select(['p.case_id', 'p.request', 'p.meeting', 'p.requested_on', 'p.due_on'])
    .where('c.status', '=', 'open')
    .where('p.agency', '=', who.agency);
  // an employer or region without its number sees nothing (never everyone's requests)
  if (who.agency !== 'af') q = q.where('p.party', '=', who.party ?? '');
  const rows = await q
    .orderBy(sql`p.due_on asc nulls last`)
    .orderBy('p.requested_on')
    .orderBy('p.case_id')
    .orderBy('p.seq')
    .limit(INBOX_LIMIT)
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    request: r.request,
    ...(r.meeting ? { meeting: r.meeting } : {}),
    requestedOn: r.requested_on,
    ...(r.due_on ? { dueOn: r.due_on } : {}),
    overdue: r.due_on !== null && r.due_on < today,
  }));
}
