/** HTTP schemas (zod): the single source of truth for validation, types and /openapi.json. */
import { z } from 'zod';
import { commandInputSchemas, isoDate, userId } from '../domain/commandSchemas';
import { CRITERIA, TRACKS } from '../domain/rulebook';
import { TASKS } from '../domain/vocabulary';
import { COMMANDS } from '../domain/commands';
import { FIELD_ISSUES } from '../domain/fieldIssues';
import { personSchema } from './people';

/** A user ID, caseworker ID or team name in a query or body: letters, digits and . _ - (nothing personal). */
export const idName = userId;

/** The documentation's example person: a synthetic example identity (valid check digit, nobody real). */
const EXAMPLE_PERSONNUMMER = '19640823-3234';

/** What an error adds to its message; each key belongs to the codes named (platform/httpErrors.ts and the routes set them). */
export const errorDetailsSchema = z.object({
  field: z.string().optional().describe('INVALID_INPUT: the first wrong field (dotted path)'),
  issues: z
    .array(z.object({ field: z.string(), issue: z.enum(FIELD_ISSUES), limit: z.number().optional() }))
    .optional()
    .describe('INVALID_INPUT: every wrong field'),
  caseId: z.string().optional().describe('CASE_ALREADY_OPEN: the open case'),
  commands: z.array(z.string()).optional().describe('UNKNOWN_COMMAND: the commands there are'),
  retryAfterSeconds: z.number().optional().describe('RATE_LIMITED, TEMPORAL_UNAVAILABLE: when to try again'),
  limitPerMinute: z.number().optional().describe('RATE_LIMITED'),
  limitBytes: z.number().optional().describe('PAYLOAD_TOO_LARGE'),
});

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: errorDetailsSchema.optional() }),
});
export type ErrorBody = z.infer<typeof errorSchema>;

/** POST /cases: the scenario's `case` object without openedOnDay (docs/api.md). */
export const openCaseBody = z
  .object({
    personnummer: z.string().min(10).max(13).describe('personnummer or samordningsnummer; stored only encrypted'),
    employment: z.object({
      type: z.enum(TRACKS),
      employer: z.object({ orgNr: z.string().min(10).max(13), name: z.string().min(1).max(200).optional() }).optional(),
    }),
    firstSickDay: isoDate,
    expectedDurationDays: z.number().int().min(1).max(3650).optional(),
    previousPeriods: z
      .array(z.object({ from: isoDate, to: isoDate }))
      .max(50)
      .optional(),
    caseworkerId: idName.optional(),
    team: idName.optional(),
    region: z.string().max(2).optional().describe('the healthcare region, as its two-digit county code (01 Stockholm … 25 Norrbotten)'),
  })
  .strict()
  .meta({
    example: {
      personnummer: EXAMPLE_PERSONNUMMER,
      employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
      firstSickDay: '2026-11-10',
      expectedDurationDays: 120,
      region: '01',
    },
  });

/** POST /cases/search: the personnummer in the body, never in a URL. */
export const searchBody = z
  .object({ personnummer: z.string().min(10).max(13).describe('personnummer or samordningsnummer') })
  .strict()
  .meta({ example: { personnummer: EXAMPLE_PERSONNUMMER } });

export const caseSummarySchema = z.object({
  caseId: z.string(),
  status: z.enum(['open', 'closed']),
  firstSickDay: z.string(),
  criterion: z.enum(CRITERIA),
  chainDay: z.number(),
});
/** One hit of POST /cases/search. */
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** What an agency (employer, region, AF) gets for an accepted command: nothing of the case. */
export const acceptedSchema = z.object({ accepted: z.literal(true) }).strict();

export const caseIdParams = z.object({ caseId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'not a case ID') });

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII')
    .optional(),
});

/** GET /cases/{id}: the case as the asking user sees it (domain/caseView.ts). */
export const caseViewSchema = z.object({
  caseId: z.string(),
  status: z.enum(['open', 'closed']),
  track: z.enum(TRACKS),
  employer: z.object({ orgNr: z.string(), name: z.string().optional() }).optional().describe('on the employed track'),
  criterion: z.enum(CRITERIA),
  chainDay: z.number(),
  date: isoDate,
  openTasks: z.array(z.object({ task: z.enum(TASKS), dueDay: z.number(), overdue: z.boolean() })),
  caseworkerId: z.string().optional(),
  team: z.string().optional(),
  degree: z.number(),
  exception: z.enum(['predominant-reasons', 'unreasonable']).optional(),
  pendingDecision: z.object({ decision: z.string(), proposedDay: z.number() }).optional(),
  hearing: z
    .object({ respondByDay: z.number(), responded: z.boolean() })
    .optional()
    .describe('an approved refusal on which the insured is being heard (förvaltningslagen 25 §)'),
  benefitEndsOnDay: z.number().optional(),
  closeReason: z.string().optional(),
  nextDueDay: z.number().optional(),
  priorDays: z.number(),
  firstSickDay: isoDate,
  stuckRequests: z
    .array(z.object({ agency: z.string(), request: z.string(), sinceDay: z.number(), failedRounds: z.number() }))
    .optional()
    .describe('agency requests whose retries are spent and that are tried again later'),
  region: z.string().optional().describe('the healthcare region (county code) FK asks for an AFU or a completion'),
  pending: z
    .array(
      z.object({
        agency: z.string(),
        request: z.string(),
        requestedOn: isoDate,
        dueOn: isoDate.optional(),
        overdue: z.boolean(),
        meeting: z.string().optional(),
      }),
    )
    .describe('what the case waits for from other parties (requests not yet answered, booked meetings)'),
  person: personSchema.optional().describe('whose case it is (population register), for FK staff; absent if not known'),
  availableCommands: z
    .array(z.enum(COMMANDS))
    .describe(
      'the commands the asking user may send now: their role and party, the case state, its open tasks (the API still has the last word on the input)',
    ),
  archived: z
    .literal(true)
    .optional()
    .describe('a closed case read from its archived record (docs/records.md): it reads the same until it is purged'),
});

export type CaseViewBody = z.infer<typeof caseViewSchema>;

export const listQuery = z
  .object({
    criterion: z.enum(CRITERIA).optional(),
    caseworker: idName.optional(),
    task: z.enum(TASKS).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    stuck: z.enum(['true', 'false']).optional(),
    status: z.enum(['open', 'closed']).optional(),
    team: idName.optional(),
    dueBefore: isoDate.optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

/** GET /caseworkers: the caseworkers of a team's open cases, and each one's caseload (null: the open cases with no caseworker). */
export const caseworkersSchema = z.object({
  team: z.string().optional(),
  caseworkers: z.array(z.string()),
  caseload: z.array(
    z.object({
      caseworkerId: z.string().nullable(),
      openCases: z.number().int(),
      overdueTasks: z.number().int(),
      stuckCases: z.number().int(),
    }),
  ),
});
export type CaseworkersBody = z.infer<typeof caseworkersSchema>;

/** One case in a list (from the read model; no personal data). */
export const caseListItemSchema = z.object({
  caseId: z.string(),
  status: z.string(),
  track: z.string(),
  criterion: z.string(),
  caseworkerId: z.string().nullable(),
  team: z.string().nullable(),
  firstSickDay: z.string(),
  nextDeadline: z.string().nullable().describe('the date the soonest open task is due'),
  overdueTasks: z.number(),
  stuck: z.boolean(),
  openTasks: z.array(z.string()),
});
/** One row of GET /cases: the read model's query answers it in this shape (readModel/queries.ts). */
export type CaseListItem = z.infer<typeof caseListItemSchema>;

/** One open task in a list (from the read model). */
export const taskListItemSchema = z.object({
  caseId: z.string(),
  taskId: z.number(),
  task: z.string(),
  dueDay: z.number(),
  dueDate: z.string(),
  overdue: z.boolean(),
  criterion: z.string().nullable(),
  caseworkerId: z.string().nullable(),
  team: z.string().nullable(),
});
/** One row of GET /tasks (readModel/queries.ts). */
export type TaskListItem = z.infer<typeof taskListItemSchema>;

/** GET /tasks: open tasks across cases; `assignee=me` is the caller. */
export const tasksQuery = z
  .object({
    assignee: idName.optional(),
    team: idName.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

export { commandInputSchemas };
