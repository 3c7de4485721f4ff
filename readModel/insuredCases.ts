/**
 * The cases of the signed-in insured person (GET /me/case, and the check that a command of theirs is
 * for their own case), found by the person key (the keyed hash of the personnummer), never by the
 * number: the open case the person's row holds (claimed before the case starts, so it is known from
 * its first moment), the case rows, and the archived records. One statement.
 */
import { sql } from 'kysely';
import type { ReadModelDb } from './connect';

export interface InsuredCases {
  /** every case of the person: a command of theirs may go to these and no other */
  caseIds: ReadonlySet<string>;
  /** the case Mitt sjukfall shows: the open one, else the latest closed (archived or not) */
  current?: string;
}

export async function insuredCases(db: ReadModelDb, personKey: string): Promise<InsuredCases> {
  const { rows } = await sql<{ case_id: string; open: boolean; since: string | null }>`
    select open_case_id as case_id, true as open, null::text as since from people
     where person_key = ${personKey} and open_case_id is not null
    union all
    select case_id, status = 'open', coalesce(closed_on, first_sick_day)::text from cases where person_key = ${personKey}
    union all
    select case_id, false, closed_on::text from case_archive where person_key = ${personKey}`.execute(db);
  const open = rows.find((r) => r.open);
  const latest = [...rows].sort((a, b) => (b.since ?? '').localeCompare(a.since ?? '') || a.case_id.localeCompare(b.case_id))[0];
  const current = open?.case_id ?? latest?.case_id;
  return { caseIds: new Set(rows.map((r) => r.case_id)), ...(current ? { current } : {}) };
}
