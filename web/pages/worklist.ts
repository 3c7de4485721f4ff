/**
 * /app/ — the work list: my open tasks (GET /tasks?assignee=me) and my open cases (GET /cases),
 * read in-process (web/apiClient.ts `reads`),
 * overdue first, with due dates and whose case each is (POST /cases/people, read at request time);
 * a link to open a new case; and the personnummer search, which shows the number again and says
 * what is wrong with it at the field, POSTed so the number is never in a URL
 * (POST /cases/search; the request body is never logged).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { READ_ROLES } from '../../domain/commands';
import type { PersonView } from '../../contract/people';
import type { CaseListItem, CaseSummary, TaskListItem } from '../../contract/schemas';
import { apiClient, listAll, type ApiClient, type ApiResult } from '../apiClient';
import { fieldMessages, ISSUE_TEXTS } from '../messages';
import { renderPage } from '../render';
import { hasInbox, renderInbox } from './inbox';
import { renderMyCase } from './myCase';

const byUrgency = <T extends { overdue?: boolean; overdueTasks?: number }>(xs: T[], due: (x: T) => string): T[] =>
  [...xs].sort(
    (a, b) =>
      Number(!!b.overdue || (b.overdueTasks ?? 0) > 0) - Number(!!a.overdue || (a.overdueTasks ?? 0) > 0) || due(a).localeCompare(due(b)),
  );

const listOf = <T>(r: ApiResult<unknown> & { items?: T[] }): { items?: T[]; error?: string } =>
  r.ok ? { items: r.items ?? [] } : { error: r.error.code };

/** Whose cases these are (POST /cases/people, 200 at a time); a case left out is shown by its number only. */
async function peopleOf(api: ApiClient, caseIds: string[]): Promise<Record<string, PersonView>> {
  const unique = [...new Set(caseIds)];
  const pages = await Promise.all(
    Array.from({ length: Math.ceil(unique.length / 200) }, (_, i) => api.reads.people(unique.slice(i * 200, i * 200 + 200))),
  );
  return Object.fromEntries(pages.flatMap((r) => (r.ok ? r.body.people.map((p) => [p.caseId, p.person] as const) : [])));
}

interface Search {
  /** what was typed, shown again (this page is POSTed: the number is in no URL) */
  personnummer: string;
  hits?: CaseSummary[];
  error?: string;
  /** the problem with the number, in Swedish, shown at the field */
  fieldError?: string;
}

async function renderWorklist(req: FastifyRequest, reply: FastifyReply, search?: Search, status = 200) {
  const user = req.webUser!;
  if (hasInbox(user.claims.role)) return renderInbox(req, reply);
  if (!READ_ROLES.includes(user.claims.role)) return renderPage(req, reply, 'agency', { title: 'Ingen arbetslista' });
  const api = apiClient(req);
  const [tasksRes, casesRes] = await Promise.all([
    listAll<TaskListItem>((q) => api.reads.tasks({ assignee: 'me', ...q }), 'tasks'),
    listAll<CaseListItem>((q) => api.reads.cases({ caseworker: user.claims.sub, status: 'open', ...q }), 'cases'),
  ]);
  const tasks = listOf(tasksRes);
  const cases = listOf(casesRes);
  const people = await peopleOf(api, [
    ...(tasks.items ?? []).map((t) => t.caseId),
    ...(cases.items ?? []).map((c) => c.caseId),
    ...(search?.hits ?? []).map((h) => h.caseId),
  ]);
  return renderPage(
    req,
    reply,
    'worklist',
    {
      title: 'Arbetslista',
      tasks: { ...tasks, items: tasks.items && byUrgency(tasks.items, (t) => t.dueDate) },
      cases: { ...cases, items: cases.items && byUrgency(cases.items, (c) => String(c.nextDeadline ?? '9999')) },
      search,
      people,
    },
    status,
  );
}

export function worklistRoutes(app: FastifyInstance): void {
  // the insured's /app/ is Mitt sjukfall (web/pages/myCase.ts)
  app.get('/', async (req, reply) => (req.webUser?.claims.role === 'insured' ? renderMyCase(req, reply) : renderWorklist(req, reply)));

  app.post('/search', { preHandler: app.csrfProtection }, async (req, reply) => {
    const personnummer = String((req.body as Record<string, unknown> | undefined)?.personnummer ?? '')
      .trim()
      .slice(0, 20);
    if (!personnummer) return renderWorklist(req, reply, { personnummer, fieldError: ISSUE_TEXTS.required() }, 400);
    const r = await apiClient(req).post<{ cases: CaseSummary[] }>('/cases/search', { personnummer });
    if (r.ok) return renderWorklist(req, reply, { personnummer, hits: r.body.cases });
    const fieldError = fieldMessages(r.error).personnummer;
    return renderWorklist(req, reply, { personnummer, ...(fieldError ? { fieldError } : { error: r.error.code }) }, r.status);
  });
}
