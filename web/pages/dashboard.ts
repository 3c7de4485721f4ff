/**
 * /app/dashboard — supervisors: the follow-up figures of docs/rules.md §9 for a team and period
 * (GET /stats), meetings by type month by month (GET /stats/meetings), caseload and overdue tasks per caseworker and stuck
 * cases (GET /cases), with a reassign form per case.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { isoDate } from '../../domain/commandSchemas';
import { MEETINGS } from '../../domain/vocabulary';
import { apiClient, listAll, type ApiClient } from '../apiClient';
import { barChart, lineChart, type Bar, type SeriesPoint } from '../charts';
import { EXCEPTION_LABELS, MEETING_LABELS, label } from '../sv';
import { renderPage } from '../render';
import type { CaseListItem as CaseItem } from '../../contract/schemas';
import { sentCommand } from './case';

const MAX_MONTHS = 12;

const filters = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  team: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional()
    .catch(undefined),
});

const nextMonth = (d: string): string => `${addDays(`${d.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;

/** Calendar months overlapping [from, to], each clipped to it. */
function months(from: string, to: string): { name: string; from: string; to: string }[] {
  const out = [];
  for (let start = from; start <= to && out.length < MAX_MONTHS; start = nextMonth(start)) {
    const end = addDays(nextMonth(start), -1);
    out.push({ name: start.slice(0, 7), from: start, to: end < to ? end : to });
  }
  return out;
}

/** The meetings held per type and month (GET /stats/meetings, one request), of at most MAX_MONTHS months. */
async function meetingSeries(api: ApiClient, from: string, to: string, team?: string): Promise<SeriesPoint[]> {
  const periods = months(from, to);
  if (!periods.length) return [];
  const r = await api.reads.meetings({ from, to: periods.at(-1)!.to, ...(team ? { team } : {}) });
  if (!r.ok) return [];
  const held = new Map(r.body.months.map((m) => [m.month, m.meetingsHeld]));
  return periods.flatMap((m) => MEETINGS.map((t) => ({ period: m.name, series: MEETING_LABELS[t], value: held.get(m.name)?.[t] ?? 0 })));
}

function perCaseworker(cases: CaseItem[]): { caseworker: string; open: number; overdue: number }[] {
  const by = new Map<string, { caseworker: string; open: number; overdue: number }>();
  for (const c of cases) {
    const who = c.caseworkerId ?? '–';
    const row = by.get(who) ?? { caseworker: who, open: 0, overdue: 0 };
    row.open++;
    row.overdue += c.overdueTasks;
    by.set(who, row);
  }
  return [...by.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.caseworker.localeCompare(b.caseworker));
}

export function dashboardRoutes(app: FastifyInstance): void {
  app.get('/dashboard', async (req, reply) => {
    const user = req.webUser!;
    if (user.claims.role !== 'supervisor')
      return renderPage(req, reply, 'error', { title: 'Ingen behörighet', status: 403, code: 'FORBIDDEN' }, 403);
    const today = stockholmDateOf(Date.now());
    const f = filters.parse(req.query ?? {});
    const to = f.to ?? today;
    const from = f.from && f.from <= to ? f.from : `${addDays(to, -150).slice(0, 7)}-01`;
    const api = apiClient(req);
    const [statsRes, casesRes, series] = await Promise.all([
      api.reads.stats({ from, to, ...(f.team ? { team: f.team } : {}) }),
      listAll<CaseItem>((q) => api.reads.cases({ status: 'open', ...(f.team ? { team: f.team } : {}), ...q }), 'cases'),
      meetingSeries(api, from, to, f.team),
    ]);
    const stats = statsRes.ok ? statsRes.body : undefined;
    const cases = casesRes.ok ? (casesRes.items ?? []) : [];
    const load = perCaseworker(cases);
    const charts: { id: string; title: string; svg: string; rows: Bar[] }[] = [];
    if (stats) {
      const bars = async (id: string, title: string, rows: Bar[]) => charts.push({ id, title, rows, svg: await barChart(title, rows) });
      await bars('planer', 'Planer för återgång i arbete', [
        { label: 'Begärda', value: stats.plans.requested },
        { label: 'Mottagna', value: stats.plans.received },
        { label: 'Mottagna senast dag 30', value: stats.plans.receivedByDay30 },
        { label: 'Via blankett', value: stats.plans.receivedByForm },
        { label: 'Muntligt', value: stats.plans.receivedOrally },
      ]);
      await bars('afu', `AFU: tid till utlåtande (median ${stats.afu.medianTurnaroundDays ?? '–'} dagar)`, [
        { label: 'Inom 5 veckor', value: stats.afu.within5Weeks },
        { label: 'Inom 9 veckor', value: stats.afu.within9Weeks },
        { label: 'Senare än 9 veckor', value: stats.afu.later },
        { label: 'Beställda', value: stats.afu.ordered },
      ]);
      await bars('dag181', 'Dag 181: utfall', [
        { label: 'Nådde dag 181', value: stats.day181.reached },
        { label: 'Kvar mot arbetsgivaren', value: stats.day181.stayedOnEmployerTrack },
        ...Object.keys(EXCEPTION_LABELS).map((k) => ({
          label: `Undantag: ${label(EXCEPTION_LABELS, k)}`,
          value: stats.day181.byException[k] ?? 0,
        })),
      ]);
    }
    if (casesRes.ok)
      await barChart(
        'Försenade uppgifter per handläggare',
        load.map((r) => ({ label: r.caseworker, value: r.overdue })),
      ).then((svg) =>
        charts.push({
          id: 'forsenade',
          title: 'Försenade uppgifter per handläggare',
          svg,
          rows: load.map((r) => ({ label: r.caseworker, value: r.overdue })),
        }),
      );
    const meetings = series.length ? { svg: await lineChart('Genomförda möten per typ och månad', series), points: series } : undefined;
    const q = req.query as Record<string, unknown>;
    return renderPage(req, reply, 'dashboard', {
      title: 'Uppföljning',
      filter: { from, to, team: f.team ?? '' },
      stats,
      statsError: statsRes.ok ? undefined : statsRes.error.code,
      casesError: casesRes.ok ? undefined : casesRes.error.code,
      charts,
      meetings,
      periods: [...new Set(series.map((p) => p.period))],
      load,
      cases,
      stuck: cases.filter((c) => c.stuck),
      sent: sentCommand(q),
      failedCode: typeof q.fel === 'string' ? q.fel : undefined,
    });
  });
}
