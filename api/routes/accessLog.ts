/**
 * The access log (behörighetslogg) for supervisors: a case's entries, and one user's over a period
 * (docs/records.md). Reading the log is itself logged.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDate } from '../../domain/commandSchemas';
import { addDays } from '../../domain/calendar';
import { listAccess } from '../../readModel/accessLog';
import { accessEntrySchema } from '../../contract/extract';
import { requireRole } from '../auth';
import { invalidInput } from '../../platform/httpErrors';
import { caseIdParams, errorSchema, idName } from '../../contract/schemas';

const SUPERVISORS = ['supervisor'] as const;

const limit = z.coerce.number().int().min(1).max(1000).default(200);

/** A day (YYYY-MM-DD, the day's start in Swedish time) or a moment (ISO 8601 with time). */
const moment = z.union([isoDate, z.iso.datetime({ offset: true })]);
const momentOf = (s: string): Date => (s.length === 10 ? stockholmMidnight(s) : new Date(s));

/** 00:00 in Stockholm on a date, as a moment (CET/CEST by the time-zone database). */
function stockholmMidnight(date: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  const inStockholm = new Date(utcMidnight.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).replace(' ', 'T') + 'Z');
  return new Date(utcMidnight.getTime() - (inStockholm.getTime() - utcMidnight.getTime()));
}

export const accessLogRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cases/:caseId/access-log',
    {
      preValidation: requireRole(SUPERVISORS),
      schema: {
        summary: "A case's access log: who read it, when, what (supervisors)",
        params: caseIdParams,
        querystring: z.object({ limit }).strict(),
        response: { 200: z.object({ caseId: z.string(), entries: z.array(accessEntrySchema) }), 403: errorSchema, 503: errorSchema },
      },
    },
    async (req) => {
      const { caseId } = req.params;
      await app.records.recordAccess(req, 'access-log', caseId);
      return { caseId, entries: await listAccess(app.readModel, { caseId, limit: req.query.limit }) };
    },
  );

  app.get(
    '/access-log',
    {
      preValidation: requireRole(SUPERVISORS),
      schema: {
        summary: "One user's reads over a period, newest first (supervisors)",
        description: '`from` and `to` are days (Swedish time; `to` inclusive) or moments (ISO 8601; `to` exclusive).',
        querystring: z.object({ sub: idName, from: moment.optional(), to: moment.optional(), limit }).strict(),
        response: {
          200: z.object({ sub: z.string(), entries: z.array(accessEntrySchema) }),
          400: errorSchema,
          403: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (req) => {
      const { sub, from, to } = req.query;
      const fromAt = from ? momentOf(from) : undefined;
      // a day as `to` means the whole day
      const toAt = to ? (to.length === 10 ? stockholmMidnight(addDays(to, 1)) : momentOf(to)) : undefined;
      if (fromAt && toAt && toAt <= fromAt) throw invalidInput('to', 'must be after from');
      await app.records.recordAccess(req, 'access-log');
      return {
        sub,
        entries: await listAccess(app.readModel, {
          sub,
          limit: req.query.limit,
          ...(fromAt ? { from: fromAt } : {}),
          ...(toAt ? { to: toAt } : {}),
        }),
      };
    },
  );
};
