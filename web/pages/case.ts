/**
 * /app/cases/{id} — one case: whose it is (name and personnummer, or Skyddad identitet), summary,
 * chain bar, open tasks each with its action beside it, what the case waits for (Väntar på), the
 * other actions the user may take now, and the timeline in Swedish. Commands are POSTed here and
 * passed on to the API; a rejection is shown in Swedish at each field it names (web/messages.ts), with
 * what was typed kept.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCommandName, type CommandName } from '../../domain/commands';
import { dateOfChainDay } from '../../domain/calendar';
import { caseIdParams } from '../../contract/schemas';
import type { PersonView } from '../../contract/people';
import { apiClient, listAll, type ApiClient, type ApiError } from '../apiClient';
import { offeredCommands, placeActions } from '../caseActions';
import { chainBar } from '../chainBar';
import { actorText, eventDetail, eventLabel } from '../describe';
import { commandFields, formToInput } from '../forms';
import { errorLabel, fieldMessages } from '../messages';
import { renderPage } from '../render';

export { offeredCommands };

export interface CommandError {
  command: CommandName;
  error: ApiError;
  values: Record<string, unknown>;
}

/** The command named in `?skickat=` after a successful POST (only a real command name: the message cannot be spoofed). */
export const sentCommand = (q: unknown): CommandName | undefined => {
  const v = (q as Record<string, unknown> | undefined)?.skickat;
  return typeof v === 'string' && isCommandName(v) ? v : undefined;
};

/** The caseworkers known in the case's team (of its open cases, GET /caseworkers), offered when reassigning. */
async function knownCaseworkers(api: ApiClient, team: string | undefined): Promise<string[]> {
  if (team) {
    const r = await api.reads.caseworkers(team);
    return r.ok ? r.body.caseworkers : [];
  }
  // no team: those of the open cases due soonest
  const r = await listAll<{ caseworkerId: string | null }>((q) => api.reads.cases({ status: 'open', ...q }), 'cases');
  if (!r.ok) return [];
  return [...new Set((r.items ?? []).map((c) => c.caseworkerId).filter((c): c is string => !!c))].sort();
}

export async function renderCase(req: FastifyRequest, reply: FastifyReply, caseId: string, failed?: CommandError, status = 200) {
  const api = apiClient(req);
  const pageRes = await api.reads.casePage(caseId);
  if (!pageRes.ok)
    return renderPage(
      req,
      reply,
      'error',
      { title: 'Ärendet kan inte visas', status: pageRes.status, code: pageRes.error.code },
      pageRes.status,
    );
  const { view } = pageRes.body;
  const clock = { firstSickDay: view.firstSickDay, priorDays: view.priorDays };
  const role = req.webUser!.claims.role;
  const offered = offeredCommands(view);
  const { taskCommands, rest } = placeActions(view.openTasks, offered);
  const caseworkers = offered.includes('reassign') ? await knownCaseworkers(api, view.team ?? req.webUser!.claims.team) : [];
  const form = (command: CommandName) => ({ command, fields: commandFields(command), key: crypto.randomUUID() });
  const timeline = [...pageRes.body.timeline].reverse();
  return renderPage(
    req,
    reply,
    'case',
    {
      title: personTitle(view.person) ?? `Ärende ${caseId.slice(0, 8)}`,
      caseId,
      view,
      person: view.person,
      bar: chainBar(view.chainDay, view.benefitEndsOnDay),
      tasks: view.openTasks.map((t, i) => {
        const c = taskCommands[i];
        return { ...t, dueDate: dateOfChainDay(clock, t.dueDay), form: c ? form(c) : undefined };
      }),
      pending: view.pending,
      forms: rest.map(form),
      caseworkers,
      failed: failed && {
        command: failed.command,
        values: failed.values,
        fields: fieldMessages(failed.error),
        general: errorLabel(failed.error.code),
      },
      sent: sentCommand(req.query),
      opened: (req.query as Record<string, unknown> | undefined)?.nytt === '1',
      timeline: timeline.map((e) => ({
        day: e.day,
        date: e.date,
        label: eventLabel(e),
        detail: eventDetail(e),
        by: e.actor ? actorText(e.actor) : 'Systemet',
      })),
      canSeeHistory: role === 'supervisor' || role === 'specialist',
      canSeeAccessLog: role === 'supervisor',
    },
    status,
  );
}

/** The page title: the person's name, never the personnummer (titles end up in browser history). */
const personTitle = (p: PersonView | undefined): string | undefined =>
  p && (p.protectedIdentity ? 'Skyddad identitet' : `${p.name.given} ${p.name.family}`);

export function caseRoutes(app: FastifyInstance): void {
  app.get('/cases/:caseId', async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    if (!p.success) return renderPage(req, reply, 'error', { title: 'Ärendet finns inte', status: 404, code: 'CASE_NOT_FOUND' }, 404);
    return renderCase(req, reply, p.data.caseId);
  });

  app.post('/cases/:caseId/commands/:command', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    const command = (req.params as { command: string }).command;
    if (!p.success || !isCommandName(command))
      return renderPage(req, reply, 'error', { title: 'Finns inte', status: 404, code: 'NOT_FOUND' }, 404);
    const { caseId } = p.data;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const key = typeof form._key === 'string' && /^[\w-]{1,100}$/.test(form._key) ? form._key : undefined;
    const r = await apiClient(req).post(
      `/cases/${caseId}/commands/${command}`,
      formToInput(command, form),
      key ? { 'idempotency-key': key } : {},
    );
    const fromDashboard = form._return === 'dashboard';
    if (r.ok) return reply.redirect(fromDashboard ? `/app/dashboard?skickat=${command}` : `/app/cases/${caseId}?skickat=${command}`, 303);
    // wrong input is shown at its field, on the case page, which has the same form
    if (fromDashboard && r.status !== 400) return reply.redirect(`/app/dashboard?fel=${encodeURIComponent(r.error.code)}`, 303);
    if (r.status === 403 || r.status === 404)
      return renderPage(req, reply, 'error', { title: 'Fel', status: r.status, code: r.error.code }, r.status);
    return renderCase(req, reply, caseId, { command, error: r.error, values: form }, r.status);
  });
}
