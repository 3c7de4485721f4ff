/**
 * The register extract (registerutdrag, GDPR art. 15; docs/records.md): everything held about one
 * person, gathered from the read model (their cases, closed periods, carried-over facts), each
 * case's state and timeline from its workflow or archived record (`app.records`), its access-log
 * entries, and the population register's name. The caller logs the read first (`register-extract`).
 */
import type { FastifyInstance } from 'fastify';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TokenClaims } from '../platform/tokens';
import { actorOf } from '../platform/tokens';
import { listAccess } from '../readModel/accessLog';
import type { PersonHoldings } from '../readModel/personHoldings';
import type { RegisterExtract } from '../contract/extract';
import { personView } from './people';

/** Every access-log entry of a case (an extract is the exception to the lists' page size). */
const ALL_ENTRIES = 100_000;

export async function registerExtract(
  app: FastifyInstance,
  user: TokenClaims,
  normalised: string,
  held: PersonHoldings,
): Promise<RegisterExtract> {
  const record = await app.people.lookup(normalised);
  const cases = await Promise.all(
    held.caseIds.map(async (caseId) => {
      const [view, timeline, accessLog] = await Promise.all([
        app.records.view(caseId, actorOf(user)).catch(notFound),
        app.records.timeline(caseId).catch(notFound),
        listAccess(app.readModel, { caseId, limit: ALL_ENTRIES }),
      ]);
      const { person: _p, availableCommands: _c, archived, ...rest } = (view ?? {}) as NonNullable<typeof view> & { person?: unknown };
      return {
        caseId,
        status: view?.status ?? ('closed' as const),
        archived: archived === true,
        ...(view ? { case: rest } : {}),
        timeline: timeline ?? [],
        accessLog: accessLog.reverse(),
      };
    }),
  );
  return {
    madeAt: new Date().toISOString(),
    madeBy: user.sub,
    person: personView(normalised, record, user),
    cases,
    closedPeriods: held.closedPeriods,
    carriedOver: held.carriedOver,
  };
}

/** A case the read model names but Temporal no longer has and the archive never got (closed before the archive existed). */
function notFound(err: unknown): undefined {
  if (err instanceof WorkflowNotFoundError) return undefined;
  throw err;
}
