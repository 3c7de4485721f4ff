/** Who is a party to a case (domain/parties.ts) and the opening rules (domain/openingRequest.ts). */
import { describe, expect, it } from 'vitest';
import { isParty, type PartyFacts } from '../../domain/parties';
import { parseOpeningRequest } from '../../domain/openingRequest';

const asked = (agency: string) => ({ type: 'agency.requested', agency });
const base: PartyFacts = { employer: { orgNr: '556036-0793' }, region: '01', timeline: [] };

describe('isParty', () => {
  it('an employer only for its own organisation', () => {
    expect(isParty(base, { sub: 'e', role: 'employer', org: '556036-0793' }, 'register-plan')).toBe(true);
    expect(isParty(base, { sub: 'e', role: 'employer', org: '212000-0142' }, 'register-plan')).toBe(false);
    expect(isParty({ ...base, employer: undefined }, { sub: 'e', role: 'employer', org: '556036-0793' }, 'register-plan')).toBe(false);
  });

  it("a region only with the case's region code and only once asked something", () => {
    const region = { sub: 'r', role: 'region', region: '01' } as const;
    expect(isParty(base, region, 'submit-afu-report')).toBe(false);
    const askedRegion = { ...base, timeline: [asked('region')] };
    expect(isParty(askedRegion, region, 'submit-afu-report')).toBe(true);
    expect(isParty(askedRegion, { ...region, region: '12' }, 'submit-afu-report')).toBe(false);
    expect(isParty({ ...askedRegion, region: undefined }, region, 'submit-afu-report')).toBe(false);
    expect(isParty({ ...base, timeline: [asked('af')] }, region, 'submit-afu-report')).toBe(false);
  });

  it('a region may notify a rehabilitation need unasked, but only for its own cases', () => {
    expect(isParty(base, { sub: 'r', role: 'region', region: '01' }, 'notify-rehab-need')).toBe(true);
    expect(isParty(base, { sub: 'r', role: 'region', region: '02' }, 'notify-rehab-need')).toBe(false);
  });

  it('AF only once asked something; FK staff always', () => {
    expect(isParty(base, { sub: 'a', role: 'af' }, 'record-meeting-held')).toBe(false);
    expect(isParty({ ...base, timeline: [asked('af')] }, { sub: 'a', role: 'af' }, 'record-meeting-held')).toBe(true);
    for (const role of ['caseworker', 'specialist', 'supervisor'] as const)
      expect(isParty(base, { sub: 'x', role }, 'reassign')).toBe(true);
  });
});

describe('parseOpeningRequest', () => {
  const today = '2026-11-20';
  const ok = {
    personnummer: '196408233234',
    employment: { type: 'employed' as const, employer: { orgNr: '5560360793', name: 'Exempel AB' } },
    firstSickDay: '2026-11-01',
  };
  const fields = (over: object) => {
    const r = parseOpeningRequest({ ...ok, ...over }, today);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };

  it('normalises the identity numbers of a valid opening', () => {
    const r = parseOpeningRequest({ ...ok, region: '01' }, today);
    expect(r).toMatchObject({
      ok: true,
      opening: { personnummer: '196408233234', employer: { orgNr: '556036-0793' }, region: '01', previousPeriods: [] },
    });
  });

  it('names each offending field', () => {
    expect(fields({ personnummer: '19640823-3235' })).toEqual(['personnummer']);
    expect(fields({ employment: { type: 'employed' } })).toEqual(['employment.employer']);
    expect(fields({ employment: { type: 'unemployed', employer: ok.employment.employer } })).toEqual(['employment.employer']);
    expect(fields({ employment: { type: 'employed', employer: { orgNr: '551036-0793' } } })).toEqual(['employment.employer.orgNr']);
    expect(fields({ firstSickDay: '2026-11-21' })).toEqual(['firstSickDay']);
    expect(fields({ firstSickDay: '2025-11-18' })).toEqual(['firstSickDay']);
    expect(fields({ firstSickDay: '2025-11-19' })).toEqual([]);
    expect(fields({ previousPeriods: [{ from: '2026-10-01', to: '2026-11-01' }] })).toEqual(['previousPeriods.0.to']);
    expect(fields({ previousPeriods: [{ from: '2026-10-05', to: '2026-10-01' }] })).toEqual(['previousPeriods.0.to']);
    expect(fields({ region: '26' })).toEqual(['region']);
    expect(fields({ region: '1' })).toEqual(['region']);
  });
});
