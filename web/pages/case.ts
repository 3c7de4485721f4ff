/**
 * /app/cases/{id} — one case: summary, chain bar, open tasks, a form for each command the user may
 * send now, and the timeline in Swedish. Commands are POSTed here and passed on to the API; a
 * rejection is shown next to the field it names (error.details.field) or above the form.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCommandName, type CommandName } from '../../domain/commands';
import { dateOfChainDay } from '../../domain/calendar';
import type { TimelineEvent } from '../../domain/vocabulary';
import { caseIdParams, type CaseViewBody } from '../../api/schemas';
import { apiClient, type ApiError } from '../apiClient';
import { chainBar } from '../chainBar';
import { actorText, eventDetail, eventLabel } from '../describe';
import { commandFields, formToInput } from '../forms';
import { renderPage } from '../render';

export interface CommandError {
  command: CommandName;
  error: ApiError;
  field?: string;
  values: Record<string, unknown>;
}

type View = CaseViewBody;

/** The commands the API offers this user now (`availableCommands`), those that complete an open task first. */
export function offeredCommands(view: Pick<CaseViewBody, 'availableCommands' | 'openTasks'>): CommandName[] {
  const tasks = new Set<string>(view.openTasks.map((t) => t.task));
  return [...view.availableCommands.filter((c) => tasks.has(c)), ...view.availableCommands.filter((c) => !tasks.has(c))];
}

/** The command named in `?skickat=` after a successful POST (only a real command name: the message cannot be spoofed). */
export const sentCommand = (q: unknown): CommandName | undefined => {
  const v = (q as Record<string, unknown> | undefined)?.skickat;
  return typeof v === 'string' && isCommandName(v) ? v : undefined;
};

/** The API names fields as `degree` or `body.degree`: the form's field name. */
const formField = (error: ApiError): string | undefined => {
  const f = typeof error.details?.field === 'string' ? error.details.field.replace(/^body\.?/, '') : '';
  return f && f !== '(body)' ? f.split('.')[0] : undefined;
};

export async function renderCase(req: FastifyRequest, reply: FastifyReply, caseId: string, failed?: CommandError, status = 200) {
  const api = apiClient(req);
  const [viewRes, timelineRes] = await Promise.all([
    api.get<View>(`/cases/${caseId}`),
    api.get<{ timeline: TimelineEvent[] }>(`/cases/${caseId}/timeline`),
  ]);
  if (!viewRes.ok)
    return renderPage(
      req,
      reply,
      'error',
      { title: 'Ärendet kan inte visas', status: viewRes.status, code: viewRes.error.code },
      viewRes.status,
    );
  const view = viewRes.body;
  const clock = { firstSickDay: view.firstSickDay, priorDays: view.priorDays };
  const role = req.webUser!.claims.role;
  const timeline = timelineRes.ok ? [...timelineRes.body.timeline].reverse() : [];
  return renderPage(
    req,
    reply,
    'case',
    {
      title: `Ärende ${caseId.slice(0, 8)}`,
      caseId,
      view,
      bar: chainBar(view.chainDay, view.benefitEndsOnDay),
      tasks: view.openTasks.map((t) => ({ ...t, dueDate: dateOfChainDay(clock, t.dueDay) })),
      forms: offeredCommands(view).map((c) => ({ command: c, fields: commandFields(c), key: crypto.randomUUID() })),
      failed,
      sent: sentCommand(req.query),
      timeline: timeline.map((e) => ({
        day: e.day,
        date: e.date,
        label: eventLabel(e),
        detail: eventDetail(e),
        by: e.actor ? actorText(e.actor) : 'Systemet',
      })),
      canSeeHistory: role === 'supervisor' || role === 'specialist',
    },
    status,
  );
}

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
    if (fromDashboard) return reply.redirect(`/app/dashboard?fel=${encodeURIComponent(r.error.code)}`, 303);
    if (r.status === 403 || r.status === 404)
      return renderPage(req, reply, 'error', { title: 'Fel', status: r.status, code: r.error.code }, r.status);
    const field = formField(r.error);
    return renderCase(req, reply, caseId, { command, error: r.error, ...(field ? { field } : {}), values: form }, r.status);
  });
}
