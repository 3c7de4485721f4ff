/**
 * The rules for opening a case, checked once for the API and the simulator: identity numbers, the
 * employer (required for the employed, and only for them), the first sick day's range, earlier
 * periods, the optional healthcare region. Pure: the caller says what "today" is.
 */
import { daysBetween, type IsoDate, type Period } from './calendar';
import { parseOrgNr, parsePersonnummer } from './identity';
import type { Track } from './rulebook';
import type { FieldProblem } from './fieldIssues';

/** Rule: FK opens a case at most this many days after its first sick day. */
export const MAX_FIRST_SICK_DAY_AGE_DAYS = 366;

/** Healthcare regions are named by their two-digit county code (01 Stockholm … 25 Norrbotten). */
export const REGION_CODE = /^(0[1-9]|1[0-9]|2[0-5])$/;

/** What a client sends (already of the right JSON shape; the field rules are checked here). */
export interface OpeningRequest {
  personnummer: string;
  employment: { type: Track; employer?: { orgNr: string; name?: string } };
  firstSickDay: IsoDate;
  expectedDurationDays?: number;
  previousPeriods?: Period[];
  caseworkerId?: string;
  team?: string;
  region?: string;
}

/** A checked opening: identity numbers normalised. The personnummer stays with the caller, who only passes on its keyed hash. */
export interface ValidOpening {
  personnummer: string;
  track: Track;
  employer?: { orgNr: string; name?: string };
  firstSickDay: IsoDate;
  previousPeriods: Period[];
  expectedDurationDays?: number;
  caseworkerId?: string;
  team?: string;
  region?: string;
}

export type OpeningResult = { ok: true; opening: ValidOpening } | { ok: false; errors: FieldProblem[] };

/** Check an opening request as of `today` (the day the case is opened). Messages never quote the personnummer. */
export function parseOpeningRequest(req: OpeningRequest, today: IsoDate): OpeningResult {
  const errors: FieldProblem[] = [];
  const pnr = parsePersonnummer(req.personnummer, today);
  if (!pnr.ok) errors.push({ field: 'personnummer', issue: pnr.issue, message: pnr.reason });

  const { type, employer } = req.employment;
  let checkedEmployer: ValidOpening['employer'];
  if (type === 'employed') {
    if (!employer) {
      errors.push({ field: 'employment.employer', issue: 'employer-required', message: 'required for employment type "employed"' });
    } else {
      const org = parseOrgNr(employer.orgNr);
      if (!org.ok) errors.push({ field: 'employment.employer.orgNr', issue: org.issue, message: org.reason });
      else checkedEmployer = { orgNr: org.value.normalised, ...(employer.name ? { name: employer.name } : {}) };
    }
  } else if (employer) {
    errors.push({
      field: 'employment.employer',
      issue: 'employer-not-allowed',
      message: `not allowed for employment type "${type}" (only "employed" has an employer)`,
    });
  }

  const age = daysBetween(req.firstSickDay, today);
  if (age < 0) errors.push({ field: 'firstSickDay', issue: 'after-today', message: 'must not be after the day the case is opened' });
  if (age > MAX_FIRST_SICK_DAY_AGE_DAYS) {
    errors.push({
      field: 'firstSickDay',
      issue: 'too-long-ago',
      limit: MAX_FIRST_SICK_DAY_AGE_DAYS,
      message: `must be at most ${MAX_FIRST_SICK_DAY_AGE_DAYS} days before the case is opened`,
    });
  }
  (req.previousPeriods ?? []).forEach((p, i) => {
    if (p.from > p.to) errors.push({ field: `previousPeriods.${i}.to`, issue: 'before-from', message: '"to" must not be before "from"' });
    if (p.to >= req.firstSickDay)
      errors.push({
        field: `previousPeriods.${i}.to`,
        issue: 'overlaps-first-sick-day',
        message: 'a previous period must end before firstSickDay',
      });
  });
  if (req.region !== undefined && !REGION_CODE.test(req.region)) {
    errors.push({ field: 'region', issue: 'region-code', message: 'a two-digit county code, 01 to 25' });
  }
  if (errors.length || !pnr.ok) return { ok: false, errors };
  return {
    ok: true,
    opening: {
      personnummer: pnr.value.normalised,
      track: type,
      ...(checkedEmployer ? { employer: checkedEmployer } : {}),
      firstSickDay: req.firstSickDay,
      previousPeriods: req.previousPeriods ?? [],
      ...(req.expectedDurationDays !== undefined ? { expectedDurationDays: req.expectedDurationDays } : {}),
      ...(req.caseworkerId ? { caseworkerId: req.caseworkerId } : {}),
      ...(req.team ? { team: req.team } : {}),
      ...(req.region ? { region: req.region } : {}),
    },
  };
}
