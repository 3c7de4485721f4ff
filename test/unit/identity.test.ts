import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  luhnCheckDigit,
  luhnValid,
  parseOrgNr,
  parsePersonnummer,
  type IdIssue,
  type IdResult,
  type Personnummer,
} from '../../domain/identity';

// ---------------------------------------------------------------------------------------
// Test helpers. The check digit is computed here by an independent, literal implementation
// of the spec (weights 2,1,2,… from the left over a 9-digit payload), so generated test
// values do not depend on the code under test.
// ---------------------------------------------------------------------------------------

function referenceCheckDigit(payload9: string): number {
  if (!/^\d{9}$/.test(payload9)) throw new Error(`test helper needs 9 digits, got ${payload9}`);
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(payload9[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return (10 - (sum % 10)) % 10;
}

/** Appends the correct check digit; the Luhn payload is the last 9 digits of `prefix`. */
function withCheck(prefix: string): string {
  const digits = prefix.replace(/\D/g, '');
  return prefix + String(referenceCheckDigit(digits.slice(-9)));
}

/** Replaces the (correct) final check digit with a wrong one. */
function badCheck(valid: string): string {
  const last = Number(valid.slice(-1));
  return valid.slice(0, -1) + String((last + 1) % 10);
}

const TODAY = '2025-06-15';

const FORMAT = 'expected YYYYMMDD-NNNC or YYMMDD-NNNC';
const CHECK = 'check digit does not match';
const DATE = 'not a real date';
const FUTURE = 'birth date is after the reference date';
const TOO_OLD = 'birth year must be 1850 or later';
const BAD_TODAY = 'reference date must be a real date in YYYY-MM-DD form';

const ORG_FORMAT = 'expected NNNNNN-NNNN, NNNNNNNNNN or the same with a 16 prefix';
const ORG_PAIR = 'organisation numbers have 20 or more in digits 3–4';

/** A failure with this reason (its issue code is checked where it matters: test/unit/webForms.test.ts). */
function failure(reason: string): IdResult<never> {
  return { ok: false, reason, issue: expect.any(String) as IdIssue };
}

// ---------------------------------------------------------------------------------------
// Sanity of the fixed reference values themselves (guards against typos in this file).
// ---------------------------------------------------------------------------------------

describe('reference values used in these tests', () => {
  it.each([
    { value: '19640823-3234', expected: '19640823-3234' },
    { value: '19121212-1212', expected: '19121212-1212' },
    { value: '19640883-3231', expected: '19640883-3231' },
    { value: '556036-0793', expected: '556036-0793' },
  ])('$value carries the check digit the spec formula gives', ({ value, expected }) => {
    expect(withCheck(value.slice(0, -1))).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------
// Luhn
// ---------------------------------------------------------------------------------------

describe('luhnCheckDigit', () => {
  it.each([
    { digits: '640823323', check: 4 },
    { digits: '121212121', check: 2 },
    { digits: '640883323', check: 1 },
    { digits: '556036079', check: 3 },
    { digits: '000000000', check: 0 },
    { digits: '1', check: 8 },
    // Even-length payload: standard Luhn (weight 2 on the rightmost payload digit).
    { digits: '7992739871', check: 3 },
  ])('check digit of $digits is $check', ({ digits, check }) => {
    expect(luhnCheckDigit(digits)).toBe(check);
  });

  it.each(['', 'abc', '64082332x', '6408 23323', '-1', '٦٤٠٨٢٣٣٢٣'])('throws RangeError for non-digit input %j', (digits) => {
    expect(() => luhnCheckDigit(digits)).toThrow(RangeError);
  });

  it('agrees with the spec formula for every 9-digit payload (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (payload) => {
        expect(luhnCheckDigit(payload)).toBe(referenceCheckDigit(payload));
      }),
    );
  });
});

describe('luhnValid', () => {
  it.each([
    { input: '6408233234', valid: true },
    { input: '1212121212', valid: true },
    { input: '5560360793', valid: true },
    { input: '79927398713', valid: true },
    { input: '00', valid: true },
    { input: '6408233235', valid: false },
    { input: '6408233230', valid: false },
    { input: '5560360794', valid: false },
    { input: '79927398710', valid: false },
    { input: '', valid: false },
    { input: '0', valid: false },
    { input: '640823-3234', valid: false },
    { input: '640823323a', valid: false },
    { input: ' 6408233234', valid: false },
  ])('luhnValid($input) is $valid', ({ input, valid }) => {
    expect(luhnValid(input)).toBe(valid);
  });

  it('accepts exactly one of the ten possible final digits (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,15}$/), (payload) => {
        const accepted = [...'0123456789'].filter((d) => luhnValid(payload + d));
        expect(accepted).toEqual([String(luhnCheckDigit(payload))]);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Personnummer / samordningsnummer: valid
// ---------------------------------------------------------------------------------------

interface ValidCase {
  name: string;
  input: string;
  today: string;
  expected: Personnummer;
}

const pnr = (normalised: string, birthDate: string, coordination = false): Personnummer => ({
  normalised,
  birthDate,
  coordination,
});

const VALID: ValidCase[] = [
  // Every accepted form.
  { name: 'long with hyphen', input: '19640823-3234', today: TODAY, expected: pnr('196408233234', '1964-08-23') },
  { name: 'long without separator', input: '196408233234', today: TODAY, expected: pnr('196408233234', '1964-08-23') },
  { name: 'short with hyphen', input: '640823-3234', today: TODAY, expected: pnr('196408233234', '1964-08-23') },
  { name: 'short without separator', input: '6408233234', today: TODAY, expected: pnr('196408233234', '1964-08-23') },
  { name: 'surrounding whitespace trimmed', input: ' \t640823-3234\n ', today: TODAY, expected: pnr('196408233234', '1964-08-23') },
  { name: 'long 1912', input: '19121212-1212', today: TODAY, expected: pnr('191212121212', '1912-12-12') },
  // '+' century rule.
  { name: "short '+' is 100+ years old", input: '121212+1212', today: TODAY, expected: pnr('191212121212', '1912-12-12') },
  { name: "short '-' picks latest century", input: '121212-1212', today: TODAY, expected: pnr('201212121212', '2012-12-12') },
  { name: "short '+' from 1964 goes to 1864", input: '640823+3234', today: TODAY, expected: pnr('186408233234', '1864-08-23') },
  // Century inference around the reference date.
  {
    name: 'short born on reference date',
    input: withCheck('250615-123'),
    today: '2025-06-15',
    expected: pnr(withCheck('20250615123'), '2025-06-15'),
  },
  {
    name: 'short one day after reference goes back a century',
    input: withCheck('250616-123'),
    today: '2025-06-15',
    expected: pnr(withCheck('19250616123'), '1925-06-16'),
  },
  {
    name: 'short same MMDD, reference one day earlier',
    input: withCheck('250615-123'),
    today: '2025-06-14',
    expected: pnr(withCheck('19250615123'), '1925-06-15'),
  },
  {
    name: "short '+' born 100 years before reference",
    input: withCheck('250615+123'),
    today: '2025-06-15',
    expected: pnr(withCheck('19250615123'), '1925-06-15'),
  },
  {
    name: 'short 991231 at turn of millennium',
    input: withCheck('991231-123'),
    today: '2000-01-01',
    expected: pnr(withCheck('19991231123'), '1999-12-31'),
  },
  {
    name: 'short 000101 at turn of millennium',
    input: withCheck('000101-123'),
    today: '2000-01-01',
    expected: pnr(withCheck('20000101123'), '2000-01-01'),
  },
  {
    name: "short '+' 991231 at turn of millennium",
    input: withCheck('991231+123'),
    today: '2000-01-01',
    expected: pnr(withCheck('18991231123'), '1899-12-31'),
  },
  {
    name: 'long born on reference date',
    input: withCheck('20250615-123'),
    today: '2025-06-15',
    expected: pnr(withCheck('20250615123'), '2025-06-15'),
  },
  { name: 'long year 1850 (floor)', input: withCheck('18500101-123'), today: TODAY, expected: pnr(withCheck('18500101123'), '1850-01-01') },
  // Leap days.
  { name: 'long leap day 2024', input: withCheck('20240229-123'), today: TODAY, expected: pnr(withCheck('20240229123'), '2024-02-29') },
  { name: 'long leap day 2000', input: withCheck('20000229-123'), today: TODAY, expected: pnr(withCheck('20000229123'), '2000-02-29') },
  {
    name: 'short leap day 24 -> 2024',
    input: withCheck('240229-123'),
    today: TODAY,
    expected: pnr(withCheck('20240229123'), '2024-02-29'),
  },
  {
    name: 'short leap day 00 -> 2000',
    input: withCheck('000229-123'),
    today: TODAY,
    expected: pnr(withCheck('20000229123'), '2000-02-29'),
  },
  // Samordningsnummer (day + 60).
  { name: 'coordination day 83', input: '19640883-3231', today: TODAY, expected: pnr('196408833231', '1964-08-23', true) },
  { name: 'coordination short', input: '640883-3231', today: TODAY, expected: pnr('196408833231', '1964-08-23', true) },
  { name: "coordination short '+'", input: '640883+3231', today: TODAY, expected: pnr('186408833231', '1864-08-23', true) },
  {
    name: 'coordination day 61 (lowest)',
    input: withCheck('19640861-323'),
    today: TODAY,
    expected: pnr(withCheck('19640861323'), '1964-08-01', true),
  },
  {
    name: 'coordination day 91 (highest)',
    input: withCheck('19640891-323'),
    today: TODAY,
    expected: pnr(withCheck('19640891323'), '1964-08-31', true),
  },
  {
    name: 'coordination leap day 2024',
    input: withCheck('20240289-123'),
    today: TODAY,
    expected: pnr(withCheck('20240289123'), '2024-02-29', true),
  },
  {
    name: 'coordination century inference uses real day',
    input: withCheck('250675-123'),
    today: '2025-06-15',
    expected: pnr(withCheck('20250675123'), '2025-06-15', true),
  },
  {
    name: 'coordination century inference, real day after reference',
    input: withCheck('250676-123'),
    today: '2025-06-15',
    expected: pnr(withCheck('19250676123'), '1925-06-16', true),
  },
];

describe('parsePersonnummer: valid', () => {
  it.each(VALID)('$name: $input (today $today)', ({ input, today, expected }) => {
    expect(parsePersonnummer(input, today)).toEqual({ ok: true, value: expected });
  });

  it.each(VALID)('$name: normalised form round-trips ($input)', ({ input, today }) => {
    const first = parsePersonnummer(input, today);
    if (!first.ok) throw new Error(`expected ${input} to parse: ${first.reason}`);
    expect(parsePersonnummer(first.value.normalised, today)).toEqual(first);
  });
});

// ---------------------------------------------------------------------------------------
// Personnummer / samordningsnummer: invalid
// ---------------------------------------------------------------------------------------

interface InvalidCase {
  name: string;
  input: string;
  today: string;
  reason: string;
}

const INVALID: InvalidCase[] = [
  // Leap days.
  { name: 'long 1900-02-29 (1900 not leap)', input: withCheck('19000229-123'), today: TODAY, reason: DATE },
  { name: 'long 2023-02-29', input: withCheck('20230229-123'), today: TODAY, reason: DATE },
  { name: 'short 230229', input: withCheck('230229-123'), today: TODAY, reason: DATE },
  { name: "short '+' 000229 -> 1900-02-29", input: withCheck('000229+123'), today: TODAY, reason: DATE },
  { name: 'coordination 2023-02-29 (day 89)', input: withCheck('20230289-123'), today: TODAY, reason: DATE },
  // Other impossible dates.
  { name: 'month 00', input: withCheck('19640023-323'), today: TODAY, reason: DATE },
  { name: 'month 13', input: withCheck('19641323-323'), today: TODAY, reason: DATE },
  { name: 'day 00', input: withCheck('19640800-323'), today: TODAY, reason: DATE },
  { name: 'day 32', input: withCheck('19640832-323'), today: TODAY, reason: DATE },
  { name: 'April 31', input: withCheck('19640431-323'), today: TODAY, reason: DATE },
  { name: 'short month 13', input: withCheck('641323-323'), today: TODAY, reason: DATE },
  // Samordningsnummer out of range.
  { name: 'coordination day 92', input: withCheck('19640892-323'), today: TODAY, reason: DATE },
  { name: 'coordination day 60', input: withCheck('19640860-323'), today: TODAY, reason: DATE },
  { name: 'short coordination day 92', input: withCheck('640892-323'), today: TODAY, reason: DATE },
  { name: 'coordination April 31 (day 91)', input: withCheck('19640491-323'), today: TODAY, reason: DATE },
  // Future birth dates / too old.
  { name: 'long year 2099', input: withCheck('20990101-123'), today: TODAY, reason: FUTURE },
  { name: 'long day after reference', input: withCheck('20250616-123'), today: '2025-06-15', reason: FUTURE },
  { name: 'long coordination day after reference', input: withCheck('20250676-123'), today: '2025-06-15', reason: FUTURE },
  { name: 'long year 1849', input: withCheck('18491231-123'), today: TODAY, reason: TOO_OLD },
  { name: "short '+' resolving to 1825", input: withCheck('250616+123'), today: '2025-06-15', reason: TOO_OLD },
  // Wrong lengths.
  { name: 'empty', input: '', today: TODAY, reason: FORMAT },
  { name: 'only whitespace', input: '   ', today: TODAY, reason: FORMAT },
  { name: 'long, 11 digits', input: '19640823-323', today: TODAY, reason: FORMAT },
  { name: 'long, 13 digits', input: '1964082332345', today: TODAY, reason: FORMAT },
  { name: 'short, 11 digits with hyphen', input: '640823-32345', today: TODAY, reason: FORMAT },
  { name: 'short, 9 digits', input: '640823323', today: TODAY, reason: FORMAT },
  { name: '8 digits (date only)', input: '19640823', today: TODAY, reason: FORMAT },
  { name: '11 digits no separator', input: '64082332341', today: TODAY, reason: FORMAT },
  // Letters and other characters.
  { name: 'letter as check digit', input: '19640823-323A', today: TODAY, reason: FORMAT },
  { name: 'letters only', input: 'ABCDEF-GHIJ', today: TODAY, reason: FORMAT },
  { name: 'letter in date', input: '64O823-3234', today: TODAY, reason: FORMAT },
  { name: 'non-ASCII digits', input: '٦٤٠٨٢٣-٣٢٣٤', today: TODAY, reason: FORMAT },
  // Separators.
  { name: "'+' on the long form", input: '19640823+3234', today: TODAY, reason: FORMAT },
  { name: 'en dash', input: '640823–3234', today: TODAY, reason: FORMAT },
  { name: 'space as separator', input: '640823 3234', today: TODAY, reason: FORMAT },
  { name: 'double hyphen', input: '640823--3234', today: TODAY, reason: FORMAT },
  { name: 'hyphens in the date', input: '1964-08-23-3234', today: TODAY, reason: FORMAT },
  { name: 'hyphen in the wrong place', input: '6408-233234', today: TODAY, reason: FORMAT },
  { name: 'leading plus', input: '+6408233234', today: TODAY, reason: FORMAT },
  // Bad reference date.
  { name: 'reference date not a real date', input: '19640823-3234', today: '2025-02-30', reason: BAD_TODAY },
  { name: 'reference date not ISO', input: '19640823-3234', today: '20250615', reason: BAD_TODAY },
  { name: 'reference date empty', input: '19640823-3234', today: '', reason: BAD_TODAY },
  { name: 'reference date with time', input: '640823-3234', today: '2025-06-15T00:00:00Z', reason: BAD_TODAY },
];

describe('parsePersonnummer: invalid', () => {
  it.each(INVALID)('$name: $input (today $today) -> $reason', ({ input, today, reason }) => {
    expect(parsePersonnummer(input, today)).toEqual(failure(reason));
  });

  // Every valid value above, with its check digit changed, must be rejected for that reason.
  it.each(VALID.map((c) => ({ ...c, input: badCheck(c.input.trim()) })))('bad check digit: $input ($name)', ({ input, today }) => {
    expect(parsePersonnummer(input, today)).toEqual(failure(CHECK));
  });
});

// ---------------------------------------------------------------------------------------
// Organisation numbers
// ---------------------------------------------------------------------------------------

describe('parseOrgNr: valid', () => {
  it.each([
    { input: '556036-0793', normalised: '556036-0793' },
    { input: '5560360793', normalised: '556036-0793' },
    { input: '16556036-0793', normalised: '556036-0793' },
    { input: '165560360793', normalised: '556036-0793' },
    { input: '  556036-0793\n', normalised: '556036-0793' },
    { input: withCheck('212000-000'), normalised: withCheck('212000-000') }, // digits 3–4 exactly 20
    { input: withCheck('999999-999'), normalised: withCheck('999999-999') },
    { input: withCheck('802002-000').replace('-', ''), normalised: withCheck('802002-000') },
    { input: withCheck('162020-000'), normalised: withCheck('162020-000') }, // starts with 16, no prefix
  ])('$input -> $normalised', ({ input, normalised }) => {
    expect(parseOrgNr(input)).toEqual({ ok: true, value: { normalised } });
  });
});

describe('parseOrgNr: invalid', () => {
  it.each([
    // Digits 3–4 below 20 (check digit correct, so only that rule can reject them).
    { input: withCheck('551936-079'), reason: ORG_PAIR },
    { input: withCheck('550036-079'), reason: ORG_PAIR },
    { input: withCheck('16551236-079'), reason: ORG_PAIR },
    { input: '640823-3234', reason: ORG_PAIR }, // a personnummer is not an organisation number
    // Bad check digits.
    { input: '556036-0794', reason: 'check digit does not match' },
    { input: '5560360790', reason: 'check digit does not match' },
    { input: '16556036-0792', reason: 'check digit does not match' },
    { input: badCheck(withCheck('212000-000')), reason: 'check digit does not match' },
    // Formats and lengths.
    { input: '', reason: ORG_FORMAT },
    { input: '556036-079', reason: ORG_FORMAT },
    { input: '55603607931', reason: ORG_FORMAT },
    { input: '556036+0793', reason: ORG_FORMAT },
    { input: '556-0360793', reason: ORG_FORMAT },
    { input: '55603-60793', reason: ORG_FORMAT },
    { input: '175560360793', reason: ORG_FORMAT }, // 12 digits but prefix is not 16
    { input: '16-556036-0793', reason: ORG_FORMAT },
    { input: 'SE556036079301', reason: ORG_FORMAT }, // VAT number, not an org number
    { input: '556036-079A', reason: ORG_FORMAT },
    { input: '556036 0793', reason: ORG_FORMAT },
  ])('$input -> $reason', ({ input, reason }) => {
    expect(parseOrgNr(input)).toEqual(failure(reason));
  });
});

// ---------------------------------------------------------------------------------------
// Workflow-sandbox safety: the module must stay free of imports and non-determinism.
// ---------------------------------------------------------------------------------------

describe('domain/identity.ts is workflow-safe', () => {
  const source = readFileSync(fileURLToPath(new URL('../../domain/identity.ts', import.meta.url)), 'utf8');
  it.each([
    { what: 'import statements', pattern: /^\s*import\s/m },
    { what: 'require calls', pattern: /\brequire\s*\(/ },
    { what: 'Date usage', pattern: /\bDate\s*[.(]|new\s+Date\b/ },
    { what: 'Math.random', pattern: /Math\.random/ },
    { what: 'crypto', pattern: /\bcrypto\b/ },
  ])('contains no $what', ({ pattern }) => {
    expect(source).not.toMatch(pattern);
  });
});
