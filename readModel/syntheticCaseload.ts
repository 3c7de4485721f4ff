/**
 * A synthetic caseload for the bench and the read-model tests: cases run through the real rules
 * (domain/), with a seeded random spread of tracks, phases, tasks, caseworkers and teams. No real
 * person: person keys are made-up hex strings.
 */
import { addDays, chainDayOfDate, type IsoDate } from '../domain/calendar';
import { advance, applyCommand, openCase, type CaseState } from '../domain/caseMachine';
import type { CommandName } from '../domain/commands';
import type { Actor } from '../domain/vocabulary';

/** mulberry32: a small seeded PRNG (reproducible caseloads). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  /** the day the caseload is looked at: every case has advanced to it */
  today: IsoDate;
  teams?: number;
  caseworkersPerTeam?: number;
}

const EMPLOYER_ORG = '556036-0793'; // the example employer

/** Case number `i` of a caseload (same i and options → the same case). */
export function syntheticCase(i: number, o: SyntheticOptions): CaseState {
  const rnd = seededRandom(i * 7919 + 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const teams = o.teams ?? 20;
  const perTeam = o.caseworkersPerTeam ?? 10;
  const teamNo = i % teams;
  const caseworker: Actor = { sub: `hk-${teamNo}-${Math.floor(rnd() * perTeam)}`, role: 'caseworker' };
  const specialist: Actor = { sub: `spec-${teamNo}`, role: 'specialist' };
  const employer: Actor = { sub: 'hr', role: 'employer', org: EMPLOYER_ORG };
  const region = { sub: 'region', role: 'region', region: '01' } as Actor;
  const r = rnd();
  const track = r < 0.7 ? 'employed' : r < 0.9 ? 'unemployed' : 'self-employed';
  const ageDays = Math.floor(rnd() * 520);
  const firstSickDay = addDays(o.today, -ageDays);
  const todayDay = chainDayOfDate({ firstSickDay, priorDays: 0 }, o.today);
  const openedOnDay = Math.min(todayDay, track === 'employed' ? 15 + Math.floor(rnd() * 7) : 1 + Math.floor(rnd() * 5));
  let s = openCase({
    caseId: `synthetic-${i}`,
    personKey: (i * 2654435761).toString(16).padStart(16, '0'),
    track,
    ...(track === 'employed' ? { employer: { orgNr: EMPLOYER_ORG } } : {}),
    region: '01', // the insured's county: an AFU is ordered from it (domain/rules/afuAndCompletions.ts)
    firstSickDay,
    priorDays: 0,
    previousPeriods: [],
    expectedDurationDays: pick([30, 90, 180, 365]),
    caseworkerId: caseworker.sub,
    team: `team-${teamNo}`,
    openedOnDay,
  });
  const returnDay = rnd() < 0.45 ? 20 + Math.floor(rnd() * 400) : Infinity;
  const script: [number, CommandName, unknown, Actor][] = [
    [openedOnDay, 'register-certificate', { from: firstSickDay, to: addDays(firstSickDay, 90), degree: pick([50, 100]) }, caseworker],
    [openedOnDay + 2, 'register-sick-report', {}, employer],
    [
      openedOnDay + 5,
      'assess-work-capacity',
      { criterion: track === 'unemployed' ? 'normal-work' : 'own-work', outcome: 'reduced' },
      caseworker,
    ],
    [openedOnDay + 8, 'assess-rehab-need', { need: rnd() < 0.5 }, caseworker],
    [30 + Math.floor(rnd() * 40), 'register-plan', { via: pick(['form', 'form', 'oral']) }, employer],
    [40 + Math.floor(rnd() * 60), 'schedule-meeting', { meeting: 'reconciliation', date: addDays(firstSickDay, 100) }, caseworker],
    [101 + Math.floor(rnd() * 5), 'record-meeting-held', { meeting: 'reconciliation' }, caseworker],
    [
      95 + Math.floor(rnd() * 10),
      'assess-work-capacity',
      { criterion: track === 'employed' ? 'employer-work' : 'own-work', outcome: 'reduced' },
      caseworker,
    ],
    [150 + Math.floor(rnd() * 10), 'order-afu', {}, caseworker],
    [170 + Math.floor(rnd() * 60), 'submit-afu-report', {}, region],
    [
      160 + Math.floor(rnd() * 20),
      rnd() < 0.3 ? 'decide-exception' : 'register-sick-report',
      { exception: pick(['predominant-reasons', 'unreasonable']), reason: 'synthetic' },
      caseworker,
    ],
    [185 + Math.floor(rnd() * 10), 'assess-work-capacity', { criterion: 'normal-work', outcome: 'reduced' }, caseworker],
    [196 + Math.floor(rnd() * 5), 'review-decision', { approve: true }, specialist],
    [returnDay, 'report-return-to-work', { extent: 'full' }, caseworker],
  ];
  script.sort((a, b) => a[0] - b[0]);
  for (const [day, command, input, actor] of script) {
    if (day > todayDay || s.status === 'closed') break;
    advance(s, Math.max(day, s.handledThrough));
    s.outbox = [];
    const res = applyCommand(s, command, input as never, actor, Math.max(day, s.handledThrough));
    if (res.ok) s = res.state;
  }
  if (s.status === 'open') advance(s, todayDay);
  s.outbox = [];
  return s;
}
