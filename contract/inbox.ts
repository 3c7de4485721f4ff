/** GET /inbox (employers, regions, AF): what FK asks of the caller's organisation, across cases. */
import { z } from 'zod';
import { isoDate } from '../domain/commandSchemas';
import { AGENCY_REQUESTS, MEETINGS } from '../domain/vocabulary';
import { COMMANDS } from '../domain/commands';

const INBOX_REQUESTS = [...new Set([...AGENCY_REQUESTS.employer, ...AGENCY_REQUESTS.region, ...AGENCY_REQUESTS.af])] as [
  string,
  ...string[],
];

export const inboxItemSchema = z
  .object({
    caseId: z.string(),
    request: z.enum(INBOX_REQUESTS).describe('what is asked (docs/api.md, agency requests)'),
    meeting: z.enum(MEETINGS).optional().describe('for a meeting: which'),
    requestedOn: isoDate,
    dueOn: isoDate.optional().describe('when the answer is due; for a meeting, its date'),
    overdue: z.boolean(),
    command: z
      .enum(COMMANDS)
      .optional()
      .describe('the command that answers it (POST /cases/{caseId}/commands/{command}); none for an invitation'),
    person: z.object({
      name: z
        .string()
        .nullable()
        .describe('given and family name; "Skyddad identitet" for a protected person; null while the population register does not answer'),
    }),
  })
  .strict();
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxSchema = z.array(inboxItemSchema).meta({
  example: [
    {
      caseId: '4a1c7e52-0b7e-4a53-9d8e-2f6b9a1f0c3d',
      request: 'return-to-work-plan',
      requestedOn: '2026-12-01',
      dueOn: '2026-12-15',
      overdue: false,
      command: 'register-plan',
      person: { name: 'Anna Andersson' },
    },
  ],
});
