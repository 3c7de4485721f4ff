/**
 * GET /inbox — employers, regions and AF: what FK asks of the caller's organisation now, across the
 * open cases it is a party to (docs/api.md "Inboxes"), soonest due first, from the read model. An
 * employer sees its own organisation's requests, a region its own code's, AF those to AF. Each row
 * names the person only by name (the population register's, read at request time; `Skyddad
 * identitet` for a protected person) and nothing of the case's health.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { stockholmDateOf } from '../../domain/calendar';
import { answeringCommand, type InboxAgency } from '../../domain/answers';
import { actorOf } from '../../platform/tokens';
import { inboxOf } from '../../readModel/inbox';
import { requireRole } from '../auth';
import { errorSchema } from '../../contract/schemas';
import { inboxSchema, type InboxItem } from '../../contract/inbox';
import type { MeetingType } from '../../domain/vocabulary';

export const INBOX_ROLES: readonly InboxAgency[] = ['employer', 'region', 'af'];

/** What an outside party is told of whose case it is: the name, never the personnummer. */
export const PROTECTED_NAME = 'Skyddad identitet';

export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/inbox',
    {
      preValidation: requireRole(INBOX_ROLES),
      schema: {
        summary: "What FK asks of the caller's organisation now, across cases (employers, regions, AF)",
        tags: ['inbox'],
        response: { 200: inboxSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (req): Promise<InboxItem[]> => {
      const actor = actorOf(req.user);
      const agency = actor.role as InboxAgency;
      const party = agency === 'employer' ? actor.org : agency === 'region' ? actor.region : undefined;
      const rows = await inboxOf(app.readModel, { agency, ...(party ? { party } : {}) }, stockholmDateOf(Date.now()));
      // the name as anyone but cleared FK staff sees it (the role is never cleared, tokens.ts)
      const people = await app.people.ofCases([...new Set(rows.map((r) => r.caseId))], req.user);
      return rows.map((r) => {
        const p = people.get(r.caseId);
        const command = answeringCommand(agency, r.request);
        return {
          caseId: r.caseId,
          request: r.request,
          ...(r.meeting ? { meeting: r.meeting as MeetingType } : {}),
          requestedOn: r.requestedOn,
          ...(r.dueOn ? { dueOn: r.dueOn } : {}),
          overdue: r.overdue,
          ...(command ? { command } : {}),
          person: { name: !p ? null : p.protectedIdentity ? PROTECTED_NAME : `${p.name.given} ${p.name.family}` },
        };
      });
    },
  );
};
