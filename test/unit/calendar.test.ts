/**
 * The chain clock (DOMAIN.md §1) against an independent reference: ICU's Europe/Stockholm zone via
 * Intl.DateTimeFormat. domain/calendar.ts may not use Intl (it runs in the workflow sandbox), so it
 * implements the EU summer-time rule by hand; these tests check the two agree on every day of
 * 2024–2027, and pin the DST days, chain-day arithmetic and the relapse rule explicitly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  chainDayAt,
  chainDayOfDate,
  chainDayStart,
  dateOfChainDay,
  daysBetween,
  isIsoDate,
  relapsePriorDays,
  startOfStockholmDay,
  stockholmDateOf,
  stockholmInstant,
  stockholmOffsetMs,
  type ChainClock,
  type Period,
} from '../../domain/calendar';

// ---------------------------------------------------------------------------------------
// Reference implementation: ICU via Intl (independent of the code under test).
// ---------------------------------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 86_400_000;

const fmt = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Stockholm wall clock of an instant according to ICU: date `YYYY-MM-DD` and `HH:MM:SS`. */
function icu(epochMs: number): { date: string; time: string } {
  const parts = Object.fromEntries(fmt.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/** Offset of Stockholm from UTC in whole hours according to ICU. */
function icuOffsetHours(epochMs: number): number {
  const { date, time } = icu(epochMs);
  const wallAsUtc = Date.parse(`${date}T${time}Z`);
  return Math.round((wallAsUtc - Math.floor(epochMs / 1000) * 1000) / HOUR);
}

/** Dates by plain UTC arithmetic on Date (not the code under test). */
function utcDate(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}
const refAddDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

const MONTHS: [number, number][] = [];
for (let y = 2024; y <= 2027; y++) for (let m = 1; m <= 12; m++) MONTHS.push([y, m]);

function daysOfMonth(y: number, m: number): string[] {
  const out: string[] = [];
  for (let d = 1; ; d++) {
    const iso = utcDate(y, m, d);
    if (Number(iso.slice(5, 7)) !== m) return out;
    out.push(iso);
  }
}

// ---------------------------------------------------------------------------------------

describe('Stockholm wall clock agrees with ICU on every day of 2024–2027', () => {
  it('the sweep covers 1461 days', () => {
    expect(MONTHS.flatMap(([y, m]) => daysOfMonth(y, m))).toHaveLength(366 + 365 + 365 + 365);
  });

  it.each(MONTHS)('%i-%i: startOfStockholmDay is local midnight, and the first instant of the date', (y, m) => {
    for (const iso of daysOfMonth(y, m)) {
      const t = startOfStockholmDay(iso);
      expect(icu(t), iso).toEqual({ date: iso, time: '00:00:00' });
      expect(icu(t - 1).date, `${iso} minus 1 ms`).toBe(refAddDays(iso, -1));
      // the next day starts 23, 24 or 25 hours later, as ICU says
      const next = startOfStockholmDay(refAddDays(iso, 1));
      expect(icu(next - 1).date, `${iso}: last ms`).toBe(iso);
      expect(icu(next).date, `${iso}: next day`).toBe(refAddDays(iso, 1));
    }
  });

  it.each(MONTHS)('%i-%i: stockholmInstant at 08:00, 12:00 and 23:59 is that wall time', (y, m) => {
    for (const iso of daysOfMonth(y, m)) {
      for (const [h, min] of [
        [8, 0],
        [12, 0],
        [23, 59],
        [1, 30],
      ] as const) {
        const want = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00`;
        expect(icu(stockholmInstant(iso, h, min)), `${iso} ${want}`).toEqual({ date: iso, time: want });
      }
    }
  });

  it.each(MONTHS)('%i-%i: stockholmDateOf and stockholmOffsetMs every 30 minutes (UTC)', (y, m) => {
    for (const iso of daysOfMonth(y, m)) {
      const base = Date.parse(`${iso}T00:00:00Z`);
      for (let k = 0; k < 48; k++) {
        const t = base + k * 30 * 60_000;
        const ref = icu(t);
        expect(stockholmDateOf(t), new Date(t).toISOString()).toBe(ref.date);
        expect(stockholmOffsetMs(t) / HOUR, new Date(t).toISOString()).toBe(icuOffsetHours(t));
      }
      // the exact instants around 01:00 UTC (when transitions happen)
      for (const t of [base + HOUR - 1, base + HOUR]) {
        expect(stockholmDateOf(t), new Date(t).toISOString()).toBe(icu(t).date);
        expect(stockholmOffsetMs(t) / HOUR, new Date(t).toISOString()).toBe(icuOffsetHours(t));
      }
    }
  });
});

describe('DST days explicitly', () => {
  // date, start of day (UTC), 08:00 local (UTC), 12:00 local (UTC), hours in the day
  it.each([
    // 2024: last Sundays 31 March and 27 October
    ['2024-03-30', '2024-03-29T23:00:00.000Z', '2024-03-30T07:00:00.000Z', '2024-03-30T11:00:00.000Z', 24],
    ['2024-03-31', '2024-03-30T23:00:00.000Z', '2024-03-31T06:00:00.000Z', '2024-03-31T10:00:00.000Z', 23],
    ['2024-04-01', '2024-03-31T22:00:00.000Z', '2024-04-01T06:00:00.000Z', '2024-04-01T10:00:00.000Z', 24],
    ['2024-10-27', '2024-10-26T22:00:00.000Z', '2024-10-27T07:00:00.000Z', '2024-10-27T11:00:00.000Z', 25],
    ['2024-10-28', '2024-10-27T23:00:00.000Z', '2024-10-28T07:00:00.000Z', '2024-10-28T11:00:00.000Z', 24],
    // 2025: 30 March and 26 October
    ['2025-03-30', '2025-03-29T23:00:00.000Z', '2025-03-30T06:00:00.000Z', '2025-03-30T10:00:00.000Z', 23],
    ['2025-10-26', '2025-10-25T22:00:00.000Z', '2025-10-26T07:00:00.000Z', '2025-10-26T11:00:00.000Z', 25],
    // 2026: 29 March and 25 October
    ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T07:00:00.000Z', '2026-03-28T11:00:00.000Z', 24],
    ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-29T10:00:00.000Z', 23],
    ['2026-03-30', '2026-03-29T22:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-03-30T10:00:00.000Z', 24],
    ['2026-10-24', '2026-10-23T22:00:00.000Z', '2026-10-24T06:00:00.000Z', '2026-10-24T10:00:00.000Z', 24],
    ['2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-25T11:00:00.000Z', 25],
    ['2026-10-26', '2026-10-25T23:00:00.000Z', '2026-10-26T07:00:00.000Z', '2026-10-26T11:00:00.000Z', 24],
    // 2027: 28 March and 31 October (last day of the month)
    ['2027-03-28', '2027-03-27T23:00:00.000Z', '2027-03-28T06:00:00.000Z', '2027-03-28T10:00:00.000Z', 23],
    ['2027-10-31', '2027-10-30T22:00:00.000Z', '2027-10-31T07:00:00.000Z', '2027-10-31T11:00:00.000Z', 25],
    ['2027-11-01', '2027-10-31T23:00:00.000Z', '2027-11-01T07:00:00.000Z', '2027-11-01T11:00:00.000Z', 24],
    // year boundary (winter time on both sides)
    ['2027-01-01', '2026-12-31T23:00:00.000Z', '2027-01-01T07:00:00.000Z', '2027-01-01T11:00:00.000Z', 24],
  ] as const)('%s starts at %s; 08:00 = %s; 12:00 = %s; %i hours long', (iso, start, at8, at12, hours) => {
    expect(new Date(startOfStockholmDay(iso)).toISOString()).toBe(start);
    expect(new Date(stockholmInstant(iso)).toISOString()).toBe(start);
    expect(new Date(stockholmInstant(iso, 8, 0)).toISOString()).toBe(at8);
    expect(new Date(stockholmInstant(iso, 12, 0)).toISOString()).toBe(at12);
    expect((startOfStockholmDay(refAddDays(iso, 1)) - startOfStockholmDay(iso)) / HOUR).toBe(hours);
    expect(stockholmDateOf(Date.parse(start))).toBe(iso);
    expect(stockholmDateOf(Date.parse(start) - 1)).toBe(refAddDays(iso, -1));
  });

  it.each([
    // instant (UTC), Stockholm date, offset hours
    ['2026-03-29T00:59:59.999Z', '2026-03-29', 1],
    ['2026-03-29T01:00:00.000Z', '2026-03-29', 2],
    ['2026-10-25T00:59:59.999Z', '2026-10-25', 2],
    ['2026-10-25T01:00:00.000Z', '2026-10-25', 1],
    ['2026-10-24T21:59:59.999Z', '2026-10-24', 2],
    ['2026-10-24T22:00:00.000Z', '2026-10-25', 2],
    ['2026-12-31T22:59:59.999Z', '2026-12-31', 1],
    ['2026-12-31T23:00:00.000Z', '2027-01-01', 1],
  ] as const)('%s is %s in Stockholm at UTC+%i', (instant, date, offset) => {
    const t = Date.parse(instant);
    expect(stockholmDateOf(t)).toBe(date);
    expect(stockholmOffsetMs(t)).toBe(offset * HOUR);
    expect(icu(t).date).toBe(date); // the table itself agrees with ICU
  });
});

describe('calendar dates', () => {
  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ] as const)('isIsoDate(%j) = %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });

  it.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', -1, '2026-10-24'],
    ['2026-01-05', 365, '2027-01-05'],
    ['2028-01-05', 365, '2029-01-04'],
  ] as const)('addDays(%s, %i) = %s, daysBetween inverts it', (iso, n, want) => {
    expect(addDays(iso, n)).toBe(want);
    expect(daysBetween(iso, want)).toBe(n);
  });
});

describe('chain days (day N begins on firstSickDay + (N − 1 − priorDays))', () => {
  it.each([
    // firstSickDay, priorDays, date, chain day
    ['2026-01-05', 0, '2026-01-05', 1],
    ['2026-01-05', 0, '2026-01-19', 15],
    ['2026-01-05', 0, '2026-02-03', 30],
    ['2026-01-05', 0, '2026-04-05', 91],
    ['2026-01-05', 0, '2026-07-03', 180],
    ['2026-01-05', 0, '2026-07-04', 181],
    ['2026-01-05', 0, '2027-01-05', 366],
    ['2026-01-05', 40, '2026-01-05', 41],
    ['2026-01-05', 40, '2026-01-04', 40],
    ['2026-01-05', 40, '2026-03-12', 107],
    // leap year: 2028-02-29 is a real chain day
    ['2028-02-01', 0, '2028-02-29', 29],
    ['2028-02-01', 0, '2028-03-01', 30],
    ['2028-01-01', 0, '2028-12-31', 366],
    ['2028-02-01', 10, '2028-02-29', 39],
    ['2027-12-01', 0, '2028-02-29', 91],
    // DST days are ordinary chain days
    ['2026-03-01', 0, '2026-03-29', 29],
    ['2026-03-01', 0, '2026-03-30', 30],
    ['2026-10-01', 0, '2026-10-25', 25],
    ['2026-10-01', 0, '2026-10-26', 26],
  ] as const)('first sick day %s, priorDays %i: %s is chain day %i', (firstSickDay, priorDays, date, day) => {
    const c: ChainClock = { firstSickDay, priorDays };
    expect(chainDayOfDate(c, date)).toBe(day);
    expect(dateOfChainDay(c, day)).toBe(date);
    // day N begins at 00:00 Stockholm on its date, and lasts until the next day begins
    const start = chainDayStart(c, day);
    expect(icu(start)).toEqual({ date, time: '00:00:00' });
    expect(chainDayAt(c, start)).toBe(day);
    expect(chainDayAt(c, start - 1)).toBe(day - 1);
    expect(chainDayAt(c, stockholmInstant(date, 23, 59))).toBe(day);
  });

  const isoDateArb = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2045-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const clockArb = fc.record({ firstSickDay: isoDateArb, priorDays: fc.integer({ min: 0, max: 1000 }) });

  it('property: chainDayOfDate(dateOfChainDay(n)) = n, and the chain start is day priorDays + 1', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: -200, max: 3000 }), (c, n) => {
        expect(chainDayOfDate(c, dateOfChainDay(c, n))).toBe(n);
        expect(chainDayOfDate(c, c.firstSickDay)).toBe(c.priorDays + 1);
        expect(dateOfChainDay(c, c.priorDays + 1)).toBe(c.firstSickDay);
        // consecutive chain days are consecutive calendar dates (reference arithmetic)
        expect(dateOfChainDay(c, n + 1)).toBe(refAddDays(dateOfChainDay(c, n), 1));
      }),
    );
  });

  it('property: dateOfChainDay(chainDayOfDate(d)) = d', () => {
    fc.assert(
      fc.property(clockArb, isoDateArb, (c, d) => {
        expect(dateOfChainDay(c, chainDayOfDate(c, d))).toBe(d);
      }),
    );
  });

  it('property: chain day N starts at local midnight (ICU) and chainDayAt maps every instant of it to N', () => {
    fc.assert(
      fc.property(clockArb, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 23 * 60 - 1 }), (c, n, minuteOfDay) => {
        const start = chainDayStart(c, n);
        expect(icu(start)).toEqual({ date: dateOfChainDay(c, n), time: '00:00:00' });
        expect(chainDayAt(c, start)).toBe(n);
        expect(chainDayAt(c, start - 1)).toBe(n - 1);
        expect(chainDayAt(c, start + minuteOfDay * 60_000)).toBe(n); // every day is at least 23 h long
        expect(chainDayAt(c, chainDayStart(c, n + 1) - 1)).toBe(n);
      }),
    );
  });

  it('property: stockholmDateOf(stockholmInstant(d, h, m)) = d for every hour of every date', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (d, h, m) => {
        const t = stockholmInstant(d, h, m);
        expect(stockholmDateOf(t)).toBe(d);
        expect(icu(t).date).toBe(d);
      }),
    );
  });
});

describe('relapsePriorDays: earlier periods count while fewer than 90 days lie strictly between', () => {
  const p = (from: string, to: string): Period => ({ from, to });

  it.each<[string, string, Period[], number]>([
    ['no earlier periods', '2026-06-01', [], 0],
    // one period of 10 days ending 2026-01-10; the gap is the days strictly between its end and the new start
    ['adjacent (gap 0)', '2026-01-11', [p('2026-01-01', '2026-01-10')], 10],
    ['gap 1', '2026-01-12', [p('2026-01-01', '2026-01-10')], 10],
    ['gap 88', '2026-04-09', [p('2026-01-01', '2026-01-10')], 10],
    ['gap 89 relapses', '2026-04-10', [p('2026-01-01', '2026-01-10')], 10],
    ['gap 90 does not', '2026-04-11', [p('2026-01-01', '2026-01-10')], 0],
    ['gap 91 does not', '2026-04-12', [p('2026-01-01', '2026-01-10')], 0],
    // a leap day counts as a day of the gap: 2028-01-31 → 2028-04-30 has 89 days strictly between
    ['gap 89 across a leap day', '2028-04-30', [p('2028-01-22', '2028-01-31')], 10],
    ['gap 90 across a leap day', '2028-05-01', [p('2028-01-22', '2028-01-31')], 0],
    // several periods: walks back while each gap is < 90
    [
      'chain of three periods',
      '2026-06-01',
      [p('2026-01-01', '2026-01-10'), p('2026-03-01', '2026-03-20'), p('2026-05-01', '2026-05-05')],
      10 + 20 + 5,
    ],
    [
      'chain of three periods, given in any order',
      '2026-06-01',
      [p('2026-05-01', '2026-05-05'), p('2026-01-01', '2026-01-10'), p('2026-03-01', '2026-03-20')],
      35,
    ],
    [
      'the chain is judged from the latest period, even if an old one comes first in the list',
      '2026-04-01',
      [p('2025-01-01', '2025-01-10'), p('2026-03-01', '2026-03-10')],
      10,
    ],
    [
      'the gap between two earlier periods counts, not the gap to the new period',
      '2026-04-01',
      [p('2026-01-01', '2026-01-10'), p('2026-03-01', '2026-03-10')],
      20,
    ],
    // broken chain: a gap ≥ 90 between two earlier periods stops the sum there
    [
      'broken chain stops the sum',
      '2026-12-01',
      // gaps (strictly between): 30, then 61, then 460
      [p('2025-01-01', '2025-03-31'), p('2026-07-05', '2026-07-31'), p('2026-10-01', '2026-10-31')],
      31 + 27,
    ],
    [
      'broken chain: an older period beyond the break is not counted even if close to another',
      '2026-12-01',
      [p('2026-01-01', '2026-01-31'), p('2026-02-10', '2026-02-20'), p('2026-10-01', '2026-10-31')],
      31,
    ],
    ['the latest earlier period is already too far away', '2026-12-01', [p('2026-01-01', '2026-08-01')], 0],
    [
      'gap of exactly 90 between two earlier periods breaks the chain',
      '2026-06-01',
      [p('2026-01-01', '2026-01-10'), p('2026-04-11', '2026-05-20')],
      40,
    ],
    [
      'gap of 89 between two earlier periods keeps it',
      '2026-06-01',
      [p('2026-01-01', '2026-01-10'), p('2026-04-10', '2026-05-20')],
      41 + 10,
    ],
    // overlapping / duplicate periods: every sick day counts once
    ['duplicate period counted once', '2026-03-01', [p('2026-01-01', '2026-01-31'), p('2026-01-01', '2026-01-31')], 31],
    ['contained period counted once', '2026-03-01', [p('2026-01-01', '2026-01-31'), p('2026-01-10', '2026-01-20')], 31],
    ['partly overlapping periods: the union counts', '2026-03-01', [p('2026-01-01', '2026-01-20'), p('2026-01-10', '2026-01-31')], 31],
    [
      'overlap chained further back',
      '2026-06-01',
      [p('2025-12-01', '2026-01-05'), p('2026-01-01', '2026-01-20'), p('2026-01-10', '2026-01-31'), p('2026-04-01', '2026-04-30')],
      62 + 30,
    ],
    // periods on or after the new first sick day are ignored
    ['a period starting after the first sick day', '2026-03-01', [p('2026-03-05', '2026-03-10')], 0],
    ['a period ending on the first sick day', '2026-03-01', [p('2026-02-01', '2026-03-01')], 0],
    ['later periods ignored, earlier ones counted', '2026-03-01', [p('2026-02-01', '2026-02-10'), p('2026-04-01', '2026-04-10')], 10],
  ])('%s (first sick day %s)', (_name, firstSickDay, periods, want) => {
    expect(relapsePriorDays(firstSickDay, periods)).toBe(want);
  });

  it.each([
    [90, 0],
    [91, 10],
  ])('maxGapDays is a parameter: a gap of 90 days with maxGapDays %i → %i', (max, want) => {
    expect(relapsePriorDays('2026-04-11', [{ from: '2026-01-01', to: '2026-01-10' }], max)).toBe(want);
  });

  /** Reference: mark sick days on a day grid, then walk back from the first sick day. */
  function refPriorDays(first: string, periods: Period[]): number {
    const sick = new Set<number>();
    const f = daysBetweenRef('2000-01-01', first);
    for (const q of periods) {
      if (q.to >= first) continue; // periods not over before the new first sick day are not earlier periods
      const a = daysBetweenRef('2000-01-01', q.from);
      const b = daysBetweenRef('2000-01-01', q.to);
      for (let d = a; d <= b; d++) if (d < f) sick.add(d);
    }
    let count = 0;
    let gap = 0;
    for (let d = f - 1; d >= 0; d--) {
      if (sick.has(d)) {
        count += 1;
        gap = 0;
      } else {
        gap += 1;
        if (gap >= 90) break;
      }
    }
    return count;
  }
  const daysBetweenRef = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

  it('property: equals a day-grid reference (union of sick days back to the first gap of ≥ 90 days)', () => {
    const periodArb = fc
      .tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 120 }))
      .map(([start, len]) => ({ from: refAddDays('2024-01-01', start), to: refAddDays('2024-01-01', start + len) }));
    fc.assert(
      fc.property(fc.array(periodArb, { maxLength: 6 }), fc.integer({ min: 0, max: 800 }), (periods, firstOffset) => {
        const first = refAddDays('2024-01-01', firstOffset);
        expect(relapsePriorDays(first, periods)).toBe(refPriorDays(first, periods));
      }),
    );
  });
});
