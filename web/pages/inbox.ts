/**
 * /app/ for an employer, a region or AF — the inbox: what Försäkringskassan asks of the
 * organisation now (GET /inbox), overdue first, each row with the form that answers it. The forms
 * send the same commands the parties' own systems send (POST /cases/{id}/commands/{command}); a
 * rejection is shown at its field on the row, with what was typed kept.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isCommandName, type CommandName } from '../../domain/commands';
import { fixedInput, type InboxAgency } from '../../domain/answers';
import { stockholmDateOf } from '../../domain/calendar';
import { caseIdParams } from '../../contract/schemas';
import type { InboxItem } from '../../contract/inbox';
import { apiClient, type ApiError } from '../apiClient';
import { commandFields, formToInput } from '../forms';
import { errorLabel, fieldMessages } from '../messages';
import { renderPage } from '../render';
import { INBOX_ASKS, INBOX_BUTTONS, INBOX_HEADINGS, INBOX_SENT, INBOX_TITLES } from '../inboxText';

export const INBOX_ROLES: readonly string[] = ['employer', 'region', 'af'];

interface Failed {
  caseId: string;
  command: CommandName;
  error: ApiError;
  values: Record<string, unknown>;
}

/** A row's form: the command's fields less those the request fixes (sent as hidden inputs). */
function formOf(item: InboxItem, index: number) {
  const command = item.command;
  if (!command) return undefined;
  const fixed = fixedInput(command, item.meeting);
  const today = stockholmDateOf(Date.now());
  // a meeting is recorded as held from its day on (the API would refuse it earlier)
  const notYet = command === 'record-meeting-held' && item.dueOn !== undefined && item.dueOn > today;
  return {
    command,
    id: `rad${index}-${command}`,
    fixed,
    // an answer from the inbox is received the day it is sent: no receivedOn to fill in
    fields: commandFields(command).filter((f) => !(f.name in fixed) && f.name !== 'receivedOn'),
    key: crypto.randomUUID(),
    button: INBOX_BUTTONS[command] ?? command,
    notYet,
  };
}

export async function renderInbox(req: FastifyRequest, reply: FastifyReply, failed?: Failed, status = 200) {
  const role = req.webUser!.claims.role as InboxAgency;
  const r = await apiClient(req).get<InboxItem[]>('/inbox');
  const items = r.ok ? [...r.body].sort((a, b) => Number(b.overdue) - Number(a.overdue)) : [];
  const sent = (req.query as Record<string, unknown> | undefined)?.skickat;
  return renderPage(
    req,
    reply,
    'inbox',
    {
      title: INBOX_TITLES[role] ?? 'Inkorg',
      error: r.ok ? undefined : errorLabel(r.error.code),
      rows: items.map((item, i) => ({
        item,
        heading: INBOX_HEADINGS[item.request] ?? item.request,
        asks: INBOX_ASKS[item.request] ?? '',
        form: formOf(item, i),
        failed:
          failed && failed.caseId === item.caseId && failed.command === item.command
            ? { values: failed.values, fields: fieldMessages(failed.error), general: errorLabel(failed.error.code) }
            : undefined,
      })),
      sent: typeof sent === 'string' && isCommandName(sent) ? INBOX_SENT[sent] : undefined,
    },
    status,
  );
}

export function inboxRoutes(app: FastifyInstance): void {
  app.post('/inbox/:caseId/commands/:command', { preHandler: app.csrfProtection }, async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    const command = (req.params as { command: string }).command;
    const role = req.webUser!.claims.role as InboxAgency;
    if (!INBOX_ROLES.includes(role) || !p.success || !isCommandName(command))
      return renderPage(req, reply, 'error', { title: 'Finns inte', status: 404, code: 'NOT_FOUND' }, 404);
    const form = (req.body ?? {}) as Record<string, unknown>;
    const key = typeof form._key === 'string' && /^[\w-]{1,100}$/.test(form._key) ? form._key : undefined;
    // what the request fixes comes from the request, not from the form
    const meeting = typeof form.meeting === 'string' ? form.meeting : undefined;
    const input = { ...formToInput(command, form), ...fixedInput(command, meeting) };
    const r = await apiClient(req).post(`/cases/${p.data.caseId}/commands/${command}`, input, key ? { 'idempotency-key': key } : {});
    if (r.ok) return reply.redirect(`/app/?skickat=${command}`, 303);
    if (r.status === 403 || r.status === 404)
      return renderPage(req, reply, 'error', { title: 'Fel', status: r.status, code: r.error.code }, r.status);
    return renderInbox(req, reply, { caseId: p.data.caseId, command, error: r.error, values: form }, r.status);
  });
}

/** Whether this role's start page is the inbox. */
export const hasInbox = (role: string): boolean => INBOX_ROLES.includes(role);
