/**
 * The register extract (registerutdrag, GDPR art. 15; docs/records.md): everything the system holds
 * about one person, as `POST /people/extract` answers it in JSON (and renders it as a PDF in
 * Swedish, web/extractPdf.ts). Also the access log's entry, shared with the access-log routes.
 */
import { z } from 'zod';
import { isoDate } from '../domain/commandSchemas';
import { ACCESS_KINDS } from './accessKinds';
import { caseViewSchema } from './schemas';
import { timelineEventSchema } from './caseRecord';
import { personSchema } from './people';

export const accessEntrySchema = z.object({
  id: z.number(),
  at: z.string().describe('when (ISO 8601, UTC)'),
  sub: z.string().describe('who read'),
  role: z.string(),
  team: z.string().nullable(),
  what: z.enum(ACCESS_KINDS),
  caseId: z.string().nullable(),
});
export type AccessEntryBody = z.infer<typeof accessEntrySchema>;

export const extractBody = z
  .object({
    personnummer: z.string().min(1).max(20).describe('the person the extract is about (in the body, never in a URL or log)'),
    format: z.enum(['json', 'pdf']).optional().describe('instead of the Accept header: `pdf` answers application/pdf'),
  })
  .strict();

export const extractCaseSchema = z.object({
  caseId: z.string(),
  status: z.enum(['open', 'closed']),
  archived: z.boolean().describe('read from the archive of closed cases'),
  case: caseViewSchema.omit({ person: true, availableCommands: true, archived: true }).optional().describe('absent if no longer readable'),
  timeline: z.array(timelineEventSchema).describe('what happened: decisions, consents, letters and notices sent, meetings, requests'),
  accessLog: z.array(accessEntrySchema).describe("FK staff's reads of the case"),
});

export const registerExtractSchema = z.object({
  madeAt: z.string().describe('when the extract was made (ISO 8601, UTC)'),
  madeBy: z.string().describe('the supervisor who made it'),
  person: personSchema,
  cases: z.array(extractCaseSchema),
  closedPeriods: z
    .array(z.object({ caseId: z.string(), from: isoDate, to: isoDate }))
    .describe('sick periods of closed cases, kept for the relapse rule'),
  carriedOver: z
    .object({
      planReceived: z.boolean().optional(),
      exception: z.string().optional(),
      normalWorkApproved: z.boolean().optional(),
      noticesDone: z.array(z.number()).optional(),
      to: isoDate.optional(),
    })
    .nullable()
    .describe('what the latest closed case established, for a relapse'),
});
export type RegisterExtract = z.infer<typeof registerExtractSchema>;
