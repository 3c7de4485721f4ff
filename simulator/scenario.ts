/**
 * Scenario files of the simulator (docs/api.md, "Scenario files"): the zod schema and
 * `parseScenario`. A malformed scenario is rejected with a reason naming the field; a command's
 * *input* is not checked here (a bad input is a rejected command in the result, like in the API).
 */
import { z } from 'zod';
import { dateOfChainDay, isIsoDate, relapsePriorDays, type ChainClock, type Period } from '../domain/calendar';
import { COMMANDS, isCommandName, type CommandName } from '../domain/commands';
import { parseOpeningRequest } from '../domain/openingRequest';
import { ROLES, type Role } from '../domain/vocabulary';

/** Longest run a scenario may ask for (chain days); keeps a typo from simulating a century. */
export const MAX_UNTIL_DAY = 3650;

const isoDate = z.string().refine(isIsoDate, { message: 'expected a real date as YYYY-MM-DD' });
const chainDay = z.number().int().min(1).max(MAX_UNTIL_DAY);

const period = z
  .strictObject({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { message: '"to" must not be before "from"', path: ['to'] });

const employer = z.strictObject({ orgNr: z.string(), name: z.string().min(1).max(200).optional() });

const employment = z.strictObject({
  type: z.enum(['employed', 'unemployed', 'self-employed']),
  employer: employer.optional(),
});

const caseSchema = z.strictObject({
  personnummer: z.string(),
  employment,
  firstSickDay: isoDate,
  expectedDurationDays: z.number().int().min(1).max(3650).optional(),
  previousPeriods: z.array(period).optional(),
  openedOnDay: chainDay.optional(),
  caseworkerId: z.string().min(1).max(100).optional(),
  team: z.string().min(1).max(100).optional(),
});

const actor = z.strictObject({
  sub: z.string().min(1).max(100),
  role: z.enum(ROLES),
  org: z.string().min(1).max(50).optional(),
});

const event = z.strictObject({
  day: chainDay,
  actor,
  command: z.string().refine(isCommandName, {
    error: (iss) => `unknown command ${JSON.stringify(iss.input)} (expected one of ${COMMANDS.join(', ')})`,
  }),
  /** the command's input as the API would get it; validated by the workflow, not here */
  input: z.unknown().optional(),
});

/**
 * What the scenario's author expects besides its timeline (which is in expected/<file>.timeline.json):
 * the commands it provokes to be rejected, and where the case ends. Checked by simulator/expected.ts.
 */
const expected = z.strictObject({
  rejected: z.array(z.strictObject({ day: chainDay, command: z.string(), code: z.string() })).default([]),
  final: z
    .strictObject({
      status: z.enum(['open', 'closed']),
      criterion: z.string(),
      chainDay,
      closeReason: z.string().optional(),
      team: z.string().optional(),
    })
    .optional(),
});
export type ScenarioExpectation = z.infer<typeof expected>;

/** An earlier case of the same person, run first until it closes (docs/api.md, "Scenario files"). */
const earlierCase = z.strictObject({
  case: caseSchema,
  events: z.array(event).default([]),
  /** the run of an earlier case ends when it closes; it must have closed by the end of this day */
  untilDay: chainDay.optional(),
});

/** The shape of a scenario file. */
export const scenarioShape = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  case: caseSchema,
  events: z.array(event).default([]),
  untilDay: chainDay,
  expected: expected.optional(),
  before: z.array(earlierCase).max(5).optional(),
});
type Shape = z.infer<typeof scenarioShape>;
type CaseShape = z.infer<typeof caseSchema>;
type EventShape = z.infer<typeof event>;

/**
 * The rules that relate a case's fields to each other. With earlier cases (`known` false) the
 * case's chain days depend on how those end, so its days are checked when it opens (simulator/run.ts).
 */
function checkCase(
  c: CaseShape,
  events: EventShape[],
  untilDay: number | undefined,
  ctx: z.RefinementCtx,
  at: PropertyKey[],
  known: boolean,
): void {
  const clock = clockOf(c.firstSickDay, c.previousPeriods ?? []);
  const firstDay = clock.priorDays + 1;
  const openedOnDay = c.openedOnDay ?? firstDay;
  if (known && openedOnDay < firstDay) {
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'case', 'openedOnDay'],
      message: `must be on or after the chain day of firstSickDay (${firstDay})`,
    });
    return;
  }
  // the opening rules of the API, as of the day the case is opened (never echoing the personnummer)
  const opening = parseOpeningRequest(c, dateOfChainDay(clock, Math.max(openedOnDay, firstDay)));
  for (const e of opening.ok ? [] : opening.errors)
    ctx.addIssue({ code: 'custom', path: [...at, 'case', ...e.field.split('.')], message: e.message });
  if (known && untilDay !== undefined && untilDay < openedOnDay) {
    ctx.addIssue({ code: 'custom', path: [...at, 'untilDay'], message: `must not be before openedOnDay (${openedOnDay})` });
  }
  let previous = known ? openedOnDay : 0;
  events.forEach((e, i) => {
    if (known && e.day < openedOnDay) {
      ctx.addIssue({ code: 'custom', path: [...at, 'events', i, 'day'], message: `day ${e.day} is before openedOnDay (${openedOnDay})` });
    } else if (untilDay !== undefined && e.day > untilDay) {
      ctx.addIssue({ code: 'custom', path: [...at, 'events', i, 'day'], message: `day ${e.day} is after untilDay (${untilDay})` });
    } else if (e.day < previous) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'events', i, 'day'],
        message: `events must be in day order: day ${e.day} comes after day ${previous}`,
      });
    }
    previous = Math.max(previous, e.day);
  });
}

/** The shape, then (only if the shape is right) the rules that relate fields to each other. */
export const scenarioSchema = scenarioShape.pipe(
  z.custom<Shape>().superRefine((s, ctx) => {
    s.before?.forEach((b, i) => checkCase(b.case, b.events, b.untilDay, ctx, ['before', i], true));
    checkCase(s.case, s.events, s.untilDay, ctx, [], !s.before?.length);
  }),
);

type Parsed = Shape;

export interface ScenarioEvent {
  day: number;
  actor: { sub: string; role: Role; org?: string };
  command: CommandName;
  input: unknown;
}

/** An earlier case of the same person, validated: run before the scenario's own case. */
export interface EarlierCase {
  case: Parsed['case'];
  events: ScenarioEvent[];
  untilDay?: number;
  priorDays: number;
  openedOnDay: number;
}

/** A validated scenario, with the derived chain clock and opening day. */
export interface Scenario extends Omit<Parsed, 'events' | 'before'> {
  events: ScenarioEvent[];
  /** earlier cases of the person: their ends decide this case's priorDays and opening day (run time) */
  before: EarlierCase[];
  /** relapsePriorDays(firstSickDay, previousPeriods) */
  priorDays: number;
  /** case.openedOnDay, or the chain day of firstSickDay */
  openedOnDay: number;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; reason: string };

export function clockOf(firstSickDay: string, previousPeriods: readonly Period[]): ChainClock {
  return { firstSickDay, priorDays: relapsePriorDays(firstSickDay, previousPeriods) };
}

/** `events[2].command` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(scenario)';
}

/** Validate a scenario (already JSON-parsed). The reason names every offending field. */
export function parseScenario(json: unknown): ParseResult {
  const r = scenarioSchema.safeParse(json);
  if (!r.success) {
    const reason = r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
    return { ok: false, reason };
  }
  const { before, ...s } = r.data;
  const eventsOf = (events: EventShape[]): ScenarioEvent[] =>
    events.map((e) => ({ day: e.day, actor: e.actor, command: e.command as CommandName, input: e.input === undefined ? {} : e.input }));
  const clocked = (c: CaseShape) => {
    const clock = clockOf(c.firstSickDay, c.previousPeriods ?? []);
    return { priorDays: clock.priorDays, openedOnDay: c.openedOnDay ?? clock.priorDays + 1 };
  };
  const scenario: Scenario = {
    ...s,
    events: eventsOf(s.events),
    before: (before ?? []).map((b) => ({
      case: b.case,
      events: eventsOf(b.events),
      ...(b.untilDay ? { untilDay: b.untilDay } : {}),
      ...clocked(b.case),
    })),
    ...clocked(s.case),
  };
  return { ok: true, scenario };
}
