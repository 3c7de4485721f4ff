/**
 * GET /me/case: the insured person's own case in plain terms (Mitt sjukfall). Codes, not sentences:
 * the web app says each in klarspråk (web/klarsprak.ts). Nothing here names staff, other parties'
 * people, tasks, notes or health details beyond what the person's own letters said.
 */
import { z } from 'zod';
import { CRITERIA, TRACKS } from '../domain/rulebook';
import { AGENCY_REQUESTS, CLOSE_REASONS, CONSENT_SCOPES, MEETINGS } from '../domain/vocabulary';
import { INSURED_COMMANDS } from '../domain/myCase';

const date = z.string().describe('YYYY-MM-DD');
const criterion = z.enum(CRITERIA);
const party = z.enum(['employer', 'region', 'af', 'av']);

export const LETTER_TOPICS = ['next-assessment', 'benefit-ending', 'decision-withdrawn', 'case-closed', 'meeting'] as const;

export const myCaseSchema = z
  .object({
    caseId: z.string(),
    status: z.enum(['open', 'closed']),
    /** the case is closed and read from its archived record */
    archived: z.boolean(),
    track: z.enum(TRACKS),
    firstSickDay: date,
    /** today's chain day (an open case) or the day it closed */
    chainDay: z.number().int(),
    date,
    /** what the person's work capacity is assessed against now */
    criterion,
    /** the sick-leave degree in per cent */
    degree: z.number(),
    exception: z.enum(['predominant-reasons', 'unreasonable']).optional(),
    /** the next chain day on which the assessment changes, what it is assessed against from then, and how many days are left */
    nextLimit: z.object({ day: z.number().int(), date, criterion, daysLeft: z.number().int() }).optional(),
    /** FK intends to end the benefit and the person may respond until `respondBy`, the last day a response is taken (förvaltningslagen 25 §) */
    hearing: z
      .object({ respondBy: date, responded: z.boolean(), criterion: criterion.optional(), benefitWouldEndOn: date.optional() })
      .optional(),
    /** the benefit ends on this day (the decision is final) */
    benefitEndsOn: date.optional(),
    closed: z.object({ on: date, reason: z.enum(CLOSE_REASONS).optional() }).optional(),
    meetings: z.array(
      z.object({
        meeting: z.enum(MEETINGS),
        date,
        status: z.enum(['booked', 'held', 'cancelled']),
        cancelledBecause: z.enum(['consent-withdrawn', 'decision-withdrawn', 'other']).optional(),
      }),
    ),
    /** what FK waits for from others (domain/pending.ts) */
    waitingFor: z.array(z.object({ party, request: z.string(), requestedOn: date, dueOn: date.optional(), overdue: z.boolean() })),
    /** letters FK has sent the person, oldest first */
    letters: z.array(
      z.object({
        sentOn: date,
        letter: z.enum(AGENCY_REQUESTS.insured),
        about: z.enum(LETTER_TOPICS).optional(),
        criterion: criterion.optional(),
        /** for a letter about the next assessment: the day it applies from */
        fromDate: date.optional(),
        /** the last day a response is taken */
        respondBy: date.optional(),
      }),
    ),
    /** each kind of consent: given, withdrawn (false), or never asked (null) */
    consents: z.array(z.object({ scope: z.enum(CONSENT_SCOPES), given: z.boolean().nullable(), on: date.optional() })),
    /** what the person may do now */
    mayDo: z.array(z.enum(INSURED_COMMANDS)),
  })
  .meta({
    example: {
      caseId: '6f1c2a7e-3b1d-4c55-9a77-1c2d3e4f5a6b',
      status: 'open',
      archived: false,
      track: 'employed',
      firstSickDay: '2026-10-01',
      chainDay: 67,
      date: '2026-12-06',
      criterion: 'own-work',
      degree: 100,
      nextLimit: { day: 91, date: '2026-12-30', criterion: 'employer-work', daysLeft: 24 },
      meetings: [{ meeting: 'reconciliation', date: '2026-12-15', status: 'booked' }],
      waitingFor: [{ party: 'employer', request: 'return-to-work-plan', requestedOn: '2026-10-30', dueOn: '2026-11-13', overdue: true }],
      letters: [{ sentOn: '2026-11-20', letter: 'notice', about: 'meeting' }],
      consents: [
        { scope: 'employer-contact', given: null },
        { scope: 'joint-mapping', given: true, on: '2026-11-02' },
        { scope: 'region-notification', given: null },
      ],
      mayDo: ['record-consent'],
    },
  });
export type MyCaseBody = z.infer<typeof myCaseSchema>;
