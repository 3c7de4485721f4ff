/**
 * The chain clock (docs/rules.md, "The chain clock"): calendar dates, Stockholm day starts and chain days.
 *
 * Pure arithmetic, no clock reads and no Intl: this module runs inside the Temporal workflow sandbox.
 * Sweden follows the EU summer-time rule (since 1996): CEST (UTC+2) from the last Sunday of March
 * 01:00 UTC to the last Sunday of October 01:00 UTC, CET (UTC+1) otherwise. Transitions happen at
 * 01:00 UTC, so local midnight always exists exactly once.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** ISO `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function utcMidnight(iso: IsoDate): number {
  const m = ISO_RE.exec(iso);
  if (!m || !isIsoDate(iso)) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function isoOfUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return isoOfUtc(utcMidnight(iso) + n * DAY_MS);
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

function lastSundayUtc(year: number, month0: number): number {
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0));
  const d = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month0, d, 1); // 01:00 UTC
}

/** Offset of Europe/Stockholm from UTC at an instant, in ms. */
export function stockholmOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summer = epochMs >= lastSundayUtc(year, 2) && epochMs < lastSundayUtc(year, 9);
  return summer ? 2 * HOUR_MS : HOUR_MS;
}

/** The instant of a Stockholm wall-clock time on a date. */
export function stockholmInstant(iso: IsoDate, hour = 0, minute = 0): number {
  const wall = utcMidnight(iso) + hour * HOUR_MS + minute * 60_000;
  let t = wall - HOUR_MS;
  t = wall - stockholmOffsetMs(t);
  return wall - stockholmOffsetMs(t);
}

/** 00:00 Europe/Stockholm on a date. */
export const startOfStockholmDay = (iso: IsoDate): number => stockholmInstant(iso, 0, 0);

/** The Stockholm calendar date of an instant. */
export function stockholmDateOf(epochMs: number): IsoDate {
  return isoOfUtc(epochMs + stockholmOffsetMs(epochMs));
}

/** Where a case's chain starts: `firstSickDay` is chain day `priorDays + 1`. */
export interface ChainClock {
  firstSickDay: IsoDate;
  /** days of earlier periods summed in by the relapse rule (docs/rules.md, "Relapse") */
  priorDays: number;
}

export const chainDayOfDate = (c: ChainClock, iso: IsoDate): number => c.priorDays + daysBetween(c.firstSickDay, iso) + 1;

export const dateOfChainDay = (c: ChainClock, day: number): IsoDate => addDays(c.firstSickDay, day - 1 - c.priorDays);

/** Chain day N begins at 00:00 Europe/Stockholm on its date. */
export const chainDayStart = (c: ChainClock, day: number): number => startOfStockholmDay(dateOfChainDay(c, day));

export const chainDayAt = (c: ChainClock, epochMs: number): number => chainDayOfDate(c, stockholmDateOf(epochMs));

/** A closed sick period, both ends inclusive. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export const periodLength = (p: Period): number => daysBetween(p.from, p.to) + 1;

/**
 * Relapse (*återinsjuknande*): earlier periods are summed into the chain while fewer than
 * `maxGapDays` (90) days without sickness lie between one period and the next. Walks back from the
 * new first sick day; an older period only counts if the chain is unbroken up to it.
 * Our choice where the law leaves it open (docs/rules.md, "Our choices"): the gap is the number of whole days strictly between the
 * earlier period's last day and the next period's first day, so a gap of 89 days relapses and 90 does not.
 */
export function relapsePriorDays(firstSickDay: IsoDate, periods: readonly Period[], maxGapDays = 90): number {
  const earlier = periods.filter((p) => daysBetween(p.to, firstSickDay) > 0).sort((a, b) => daysBetween(a.to, b.to)); // latest end first
  let cursor = firstSickDay;
  let sum = 0;
  for (const p of earlier) {
    const gap = daysBetween(p.to, cursor) - 1;
    if (gap >= maxGapDays) break;
    if (gap < 0) {
      // overlapping periods: a day counts once, so only the days before those already counted are added
      if (daysBetween(p.from, cursor) > 0) {
        sum += daysBetween(p.from, cursor);
        cursor = p.from;
      }
      continue;
    }
    sum += periodLength(p);
    cursor = p.from;
  }
  return sum;
}
