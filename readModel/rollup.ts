/**
 * The statistics' roll-up: timeline events counted per day × type × subject × measure, kept in
 * `event_counts` by the very statement that inserts the events (write.ts), from the rows that
 * statement really inserted (a retried or replayed projection inserts none, so counts nothing).
 * A national year then sums a few thousand counter rows instead of millions of events.
 *
 * The measure is what a figure needs beyond the count: the chain day of a plan or a return to work
 * (the plan's day-30 test, the median days to return), the AFU turnaround in days, and whether a
 * plan came orally. One SQL expression makes the key, for the write and for the filtered read alike
 * (stats.ts groups the events themselves by it when a team or caseworker is asked for), so the two
 * can never mean different things.
 */
import { sql, type RawBuilder } from 'kysely';

/** No measure (an event whose figures are counts only), or an AFU report without its turnaround. */
export const NO_VALUE = -1;

/** The events the statistics read; only these are rolled up (`e` as below). */
export function rolledUpSql(e: string): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${e}.${c}`);
  return sql<boolean>`(${col('type')} in ('meeting.held', 'meeting.scheduled', 'agency.requested', 'agency.responded')
    or (${col('type')} = 'command.recorded' and ${col('subject')} = 'register-plan')
    or (${col('type')} = 'case.closed' and ${col('subject')} = 'returned-to-work'))`;
}

/** `e` is an alias of a relation with the columns type, subject, day, attrs (jsonb). */
export function rollupKeySql(e: string): { value: RawBuilder<number>; variant: RawBuilder<string> } {
  const col = (c: string) => sql.ref(`${e}.${c}`);
  const isPlan = sql`((${col('type')} = 'agency.responded' and ${col('subject')} = 'return-to-work-plan')
    or (${col('type')} = 'command.recorded' and ${col('subject')} = 'register-plan'))`;
  return {
    value: sql<number>`case
      when ${col('type')} = 'agency.responded' and ${col('subject')} = 'afu'
        then coalesce((${col('attrs')}->>'turnaroundDays')::int, ${NO_VALUE})
      when ${isPlan} or (${col('type')} = 'case.closed' and ${col('subject')} = 'returned-to-work') then ${col('day')}
      else ${NO_VALUE} end`,
    variant: sql<string>`case when ${isPlan} then coalesce(${col('attrs')}->>'via', '') else '' end`,
  };
}

/** One group of events: how many of one type, subject, measure and variant (in a period). */
export interface EventGroup {
  type: string;
  subject: string;
  value: number;
  variant: string;
  n: number;
}

/** The median of a histogram (value → count), as percentile_cont(0.5) (the mean of the middle two). */
export function medianOf(groups: { value: number; n: number }[]): number | null {
  const sorted = [...groups].filter((g) => g.n > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, g) => s + g.n, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const g of sorted) {
      seen += g.n;
      if (rank < seen) return g.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.ceil((total - 1) / 2))) / 2;
}
