/**
 * The reads of contract/reads.ts, as functions of the reader (the verified token's claims): the
 * routes (api/routes/cases.ts, tasks.ts, caseworkers.ts, stats.ts) answer HTTP with them, and the
 * web app calls them in-process (server/app.ts gives it `apiReads(app)`), so a page's read runs the
 * same role check, query, access-log entry and contract types without a simulated HTTP request.
 * The routes check the role before validating (requireRole); each read checks it again, for the
 * in-process caller.
 */
import type { FastifyInstance } from 'fastify';
import { chainDayAt, dateOfChainDay, stockholmDateOf } from '../domain/calendar';
import type { CaseView } from '../domain/caseMachine';
import { READ_ROLES } from '../domain/commands';
import type { Role } from '../domain/vocabulary';
import { actorOf, type TokenClaims } from '../platform/tokens';
import { HttpError, invalidInput, invalidInputs } from '../platform/httpErrors';
import { BadCursorError, listCases, listTasks } from '../readModel/queries';
import { caseloadByCaseworker } from '../readModel/caseRollup';
import { meetingsHeldByMonth, readModelStats } from '../readModel/stats';
import type { TimelineEventBody } from '../contract/caseRecord';
import type { CaseReads, PeriodQuery } from '../contract/reads';
import { z } from 'zod';
import { isoDate } from '../domain/commandSchemas';
import { idName, listQuery, tasksQuery, type CaseViewBody } from '../contract/schemas';

/** The reader: the verified claims (`req.user` behind requireRole) and the request's logger. */
export interface Reader {
  user: TokenClaims;
  log: { error(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export type ApiReads = CaseReads<Reader>;

/** GET /stats and /stats/meetings: a period, optionally of one team or caseworker. */
export const periodQuery = z
  .object({ from: isoDate, to: isoDate, caseworker: idName.optional(), team: idName.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: '"to" must not be before "from"', path: ['to'] });

/**
 * A query sees the workflow's clock as of its last activation; the chain day of an open case is a
 * pure function of the calendar, so it is given as of now.
 */
export function asOfNow<V extends CaseView>(view: V): V {
  if (view.status !== 'open') return view;
  const clock = { firstSickDay: view.firstSickDay, priorDays: view.priorDays };
  const chainDay = chainDayAt(clock, Date.now());
  return { ...view, chainDay, date: dateOfChainDay(clock, chainDay) };
}

/** The query as the route's schema parses it (the routes' validation has already passed it: the in-process caller's is checked here). */
function parsed<S extends z.ZodType>(schema: S, q: unknown): z.output<S> {
  const r = schema.safeParse(q);
  if (r.success) return r.data;
  throw invalidInputs(r.error.issues.map((i) => ({ field: i.path.join('.'), issue: 'invalid' as const, message: i.message })));
}

const mayUse = (user: TokenClaims, roles: readonly Role[], what: string): void => {
  if (!roles.includes(user.role)) throw new HttpError(403, 'FORBIDDEN', `the role ${user.role} may not use ${what}`);
};

const cursorChecked = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (err) {
    if (err instanceof BadCursorError) throw invalidInput('cursor', err.message);
    throw err;
  }
};

const teamAndCaseworker = (q: PeriodQuery) => ({
  ...(q.team ? { team: q.team } : {}),
  ...(q.caseworker ? { caseworker: q.caseworker } : {}),
});

export function apiReads(app: FastifyInstance): ApiReads {
  // the case reads without its person when the read model cannot say whose it is; read only beside
  // the case itself (Promise.all): a purged case answers 410, so its person is never served
  const personOf = (who: Reader, caseId: string) =>
    app.people.ofCase(caseId, who.user).catch((err: unknown) => {
      who.log.warn({ err }, 'the person of a case could not be read');
      return undefined;
    });

  return {
    tasks(who, query) {
      mayUse(who.user, READ_ROLES, '/tasks');
      const { assignee, overdue, pageSize, cursor, team } = parsed(tasksQuery, query);
      return cursorChecked(() =>
        listTasks(app.readModel, {
          limit: pageSize,
          ...(assignee ? { assignee: assignee === 'me' ? who.user.sub : assignee } : {}),
          ...(team ? { team } : {}),
          ...(overdue ? { overdue: overdue === 'true' } : {}),
          ...(cursor ? { cursor } : {}),
        }),
      );
    },

    cases(who, query) {
      mayUse(who.user, READ_ROLES, '/cases');
      const { pageSize, cursor, overdue, stuck, ...rest } = parsed(listQuery, query);
      return cursorChecked(() =>
        listCases(app.readModel, {
          ...rest,
          limit: pageSize,
          ...(cursor ? { cursor } : {}),
          ...(overdue ? { overdue: overdue === 'true' } : {}),
          ...(stuck ? { stuck: stuck === 'true' } : {}),
        }),
      );
    },

    async people(who, ids) {
      mayUse(who.user, READ_ROLES, '/cases/people');
      const caseIds = [...new Set(ids)];
      await app.records.recordAccess(who, 'person', caseIds);
      const people = await app.people.ofCases(caseIds, who.user);
      return { people: [...people].map(([caseId, person]) => ({ caseId, person })) };
    },

    async view(who, caseId) {
      mayUse(who.user, READ_ROLES, '/cases/:caseId');
      const [view, person] = await app.records.logged(
        who,
        'case',
        caseId,
        Promise.all([app.records.view(caseId, actorOf(who.user)), personOf(who, caseId)]),
      );
      return { ...(asOfNow(view) as CaseViewBody), ...(person ? { person } : {}) };
    },

    async casePage(who, caseId) {
      mayUse(who.user, READ_ROLES, '/cases/:caseId');
      const read = Promise.all([app.records.viewAndTimeline(caseId, actorOf(who.user)), personOf(who, caseId)]);
      const [[{ view, timeline }, person]] = await Promise.all([
        app.records.logged(who, 'case', caseId, read),
        app.records.logged(who, 'timeline', caseId, read),
      ]);
      return { view: { ...(asOfNow(view) as CaseViewBody), ...(person ? { person } : {}) }, timeline: timeline as TimelineEventBody[] };
    },

    async timeline(who, caseId) {
      mayUse(who.user, READ_ROLES, '/cases/:caseId/timeline');
      // the domain's events carry their type's fields; the schema names them all (test/unit/contract.test.ts)
      const timeline = await app.records.logged(who, 'timeline', caseId, app.records.timeline(caseId));
      return { caseId, timeline: timeline as TimelineEventBody[] };
    },

    async caseworkers(who, team) {
      mayUse(who.user, READ_ROLES, '/caseworkers');
      // from the case roll-up (readModel/caseRollup.ts): a few counter rows, not the team's cases
      const caseload = await caseloadByCaseworker(app.readModel, team);
      return { ...(team ? { team } : {}), caseworkers: caseload.flatMap((c) => (c.caseworkerId ? [c.caseworkerId] : [])), caseload };
    },

    async stats(who, query) {
      mayUse(who.user, READ_ROLES, '/stats');
      const q = parsed(periodQuery, query);
      const stats = await readModelStats(app.readModel, {
        from: q.from,
        to: q.to,
        today: stockholmDateOf(Date.now()),
        ...teamAndCaseworker(q),
      });
      return { ...stats, ...teamAndCaseworker(q) };
    },

    async meetings(who, query) {
      mayUse(who.user, READ_ROLES, '/stats/meetings');
      const q = parsed(periodQuery, query);
      const rows = await meetingsHeldByMonth(app.readModel, { from: q.from, to: q.to, ...teamAndCaseworker(q) });
      const months = new Map<string, Record<string, number>>();
      for (const r of rows) months.set(r.month, { ...months.get(r.month), [r.meeting]: r.n });
      return {
        from: q.from,
        to: q.to,
        ...teamAndCaseworker(q),
        months: [...months].map(([month, meetingsHeld]) => ({ month, meetingsHeld })),
      };
    },
  };
}
