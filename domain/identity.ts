/**
 * Swedish identity numbers: personnummer, samordningsnummer and organisationsnummer.
 *
 * This module is bundled into Temporal workflow code, so it must stay deterministic and
 * sandbox-safe: no imports, no clock reads (the reference date is always a parameter),
 * no randomness, no `Date` at all (calendar arithmetic is done by hand).
 */

/** What is wrong with an identity number (domain/fieldIssues.ts has them all). */
export type IdIssue = 'personnummer-format' | 'check-digit' | 'birth-date' | 'not-a-date' | 'org-format' | 'org-group';

export type IdResult<T> = { ok: true; value: T } | { ok: false; reason: string; issue: IdIssue };

export interface Personnummer {
  /** 12 digits, YYYYMMDDNNNC, no separator. For a samordningsnummer the day keeps its +60. */
  normalised: string;
  /** Real birth date, ISO YYYY-MM-DD (for a samordningsnummer the day has 60 subtracted). */
  birthDate: string;
  /** True for a samordningsnummer (coordination number, day 61–91). */
  coordination: boolean;
}

export interface OrgNr {
  /** NNNNNN-NNNN */
  normalised: string;
}

/** Earliest birth year accepted for a personnummer. */
const MIN_BIRTH_YEAR = 1850;
/** Added to the day of month in a samordningsnummer. */
const COORDINATION_OFFSET = 60;

const DIGITS = /^[0-9]+$/;

function fail<T>(issue: IdIssue, reason: string): IdResult<T> {
  return { ok: false, reason, issue };
}

/**
 * Luhn (mod 10) check digit for `digits` (the payload without its check digit).
 *
 * Weights alternate 2,1,2,1,… starting with 2 on the digit immediately left of where the
 * check digit will go, i.e. the standard Luhn algorithm. For the 9-digit payloads used by
 * personnummer and organisation numbers this is the same as weights 2,1,2,… from the left.
 * Two-digit products contribute the sum of their digits. Result: (10 − sum mod 10) mod 10.
 *
 * @throws RangeError if `digits` is empty or contains anything but ASCII digits.
 */
export function luhnCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) {
    throw new RangeError('luhnCheckDigit expects a non-empty string of digits');
  }
  let sum = 0;
  const last = digits.length - 1;
  for (let i = last; i >= 0; i--) {
    const d = digits.charCodeAt(i) - 48;
    const weight = (last - i) % 2 === 0 ? 2 : 1;
    const product = d * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/** True if the last digit of `digitsWithCheck` is the Luhn check digit of the rest. False for non-digit input or fewer than 2 digits. */
export function luhnValid(digitsWithCheck: string): boolean {
  if (digitsWithCheck.length < 2 || !DIGITS.test(digitsWithCheck)) return false;
  const payload = digitsWithCheck.slice(0, -1);
  const check = digitsWithCheck.charCodeAt(digitsWithCheck.length - 1) - 48;
  return luhnCheckDigit(payload) === check;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

interface YMD {
  year: number;
  month: number;
  day: number;
}

/** Comparable integer YYYYMMDD. */
function ordinal(d: YMD): number {
  return d.year * 10000 + d.month * 100 + d.day;
}

function parseIsoDate(s: string): YMD | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

// Groups: 1 = YYYY (long form) or YY (short form), 2 = MM, 3 = DD, 4 = separator, 5 = NNN, 6 = C.
const LONG_FORM = /^(\d{4})(\d{2})(\d{2})(-?)(\d{3})(\d)$/;
const SHORT_FORM = /^(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/**
 * Parse a personnummer or samordningsnummer.
 *
 * Accepted forms (surrounding whitespace is ignored): YYYYMMDD-NNNC, YYYYMMDDNNNC,
 * YYMMDD-NNNC, YYMMDDNNNC, YYMMDD+NNNC. In the short forms the century is the latest one
 * that puts the birth date on or before `today`; '+' (age 100 or more) moves it a further
 * 100 years back. The birth date must be a real date, not after `today`, and in 1850 or
 * later (the year floor is applied to the short forms too, so that `normalised` always
 * parses again in the long form).
 *
 * @param today reference date, ISO YYYY-MM-DD (required: this function never reads a clock).
 */
export function parsePersonnummer(input: string, today: string): IdResult<Personnummer> {
  const ref = parseIsoDate(today);
  if (!ref) return fail('not-a-date', 'reference date must be a real date in YYYY-MM-DD form');

  const s = input.trim();
  const long = LONG_FORM.exec(s);
  const short = long ? null : SHORT_FORM.exec(s);
  const m = long ?? short;
  if (!m) return fail('personnummer-format', 'expected YYYYMMDD-NNNC or YYMMDD-NNNC');
  const [, yearPart = '', mm = '', dd = '', separator = '', serial = '', check = ''] = m;

  const luhnPayload = yearPart.slice(-2) + mm + dd + serial;
  if (!luhnValid(luhnPayload + check)) return fail('check-digit', 'check digit does not match');

  const month = Number(mm);
  const rawDay = Number(dd);
  const coordination = rawDay > COORDINATION_OFFSET;
  const day = coordination ? rawDay - COORDINATION_OFFSET : rawDay;

  let year: number;
  if (long) {
    year = Number(yearPart);
  } else {
    const centuryBase = ref.year - (ref.year % 100);
    year = centuryBase + Number(yearPart);
    if (ordinal({ year, month, day }) > ordinal(ref)) year -= 100;
    if (separator === '+') year -= 100;
  }

  if (!isRealDate(year, month, day)) return fail('birth-date', 'not a real date');
  const birth = { year, month, day };
  if (ordinal(birth) > ordinal(ref)) return fail('birth-date', 'birth date is after the reference date');
  if (year < MIN_BIRTH_YEAR) return fail('birth-date', `birth year must be ${MIN_BIRTH_YEAR} or later`);

  return {
    ok: true,
    value: {
      normalised: pad(year, 4) + mm + dd + serial + check,
      birthDate: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
      coordination,
    },
  };
}

// Groups: 1 = optional "16" century prefix, 2 = first six digits, 3 = last four digits.
const ORG_FORM = /^(16)?(\d{6})-?(\d{4})$/;

/**
 * Parse an organisationsnummer: NNNNNN-NNNN or NNNNNNNNNN, optionally with the "16" century
 * prefix (16NNNNNN-NNNN / 16NNNNNNNNNN). Digits 3–4 must be 20 or more and the last digit
 * must be the Luhn check digit of the first nine. Surrounding whitespace is ignored.
 */
export function parseOrgNr(input: string): IdResult<OrgNr> {
  const m = ORG_FORM.exec(input.trim());
  if (!m) return fail('org-format', 'expected NNNNNN-NNNN, NNNNNNNNNN or the same with a 16 prefix');
  const [, , head = '', tail = ''] = m;
  if (Number(head.slice(2, 4)) < 20) return fail('org-group', 'organisation numbers have 20 or more in digits 3–4');
  if (!luhnValid(head + tail)) return fail('check-digit', 'check digit does not match');
  return { ok: true, value: { normalised: `${head}-${tail}` } };
}
