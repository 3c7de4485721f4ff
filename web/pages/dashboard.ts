/**
 * /app/dashboard — supervisors: the follow-up figures of docs/rules.md §9 for a team and period
 * (GET /stats), meetings by type month by month (GET /stats/meetings), caseload, overdue tasks and
 * stuck cases per caseworker (GET /caseworkers: all three from the read model's roll-ups), and the
 * open cases a page at a time, soonest deadline (so overdue) first, each with a reassign form
 * (GET /cases), and the stuck ones (only read when the caseload says there are any).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { isoDate } from '../../domain/commandSchemas';
import { MEETINGS } from '../../domain/vocabulary';
import { apiClient, query, type ApiClient } from '../apiClient';
import { barChart, lineChart, type Bar, type SeriesPoint } from '../charts';
import { EXCEPTION_LABELS, MEETING_LABELS, label } from '../sv';
import { renderPage } from '../render';
import { sentCommand } from './case';

const MAX_MONTHS = 12;
/** open cases per page: the ones needing attention first, the rest a page further */
export const DASHBOARD_PAGE = 25;
/** caseworkers in the overdue chart (the table beside it lists them all) */
const CHART_CASEWORKERS = 15;

const filters = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  team: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional()
    .catch(undefined),
  /** the open cases' page: the cursor of GET /cases */
  sida: z.string().max(500).optional().catch(undefined),
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

/** The dashboard with the same filter, at the open cases' page after `cursor` (none: the first). */
const pageLink = (f: { from: string; to: string; team?: string | undefined }, cursor?: string): string =>
  `/app/dashboard${query({ from: f.from, to: f.to, team: f.team, sida: cursor })}#oppna-arenden`;

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
    const team = f.team ? { team: f.team } : {};
    const [statsRes, loadRes, casesRes, series] = await Promise.all([
      api.reads.stats({ from, to, ...team }),
      api.reads.caseworkers(f.team),
      api.reads.cases({ status: 'open', ...team, pageSize: DASHBOARD_PAGE, ...(f.sida ? { cursor: f.sida } : {}) }),
      meetingSeries(api, from, to, f.team),
    ]);
    const stats = statsRes.ok ? statsRes.body : undefined;
    const load = loadRes.ok
      ? loadRes.body.caseload
          .map((c) => ({ caseworker: c.caseworkerId ?? '–', open: c.openCases, overdue: c.overdueTasks, stuck: c.stuckCases }))
          .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.caseworker.localeCompare(b.caseworker))
      : [];
    const stuckRes = load.some((r) => r.stuck > 0)
      ? await api.reads.cases({ status: 'open', stuck: 'true', ...team, pageSize: DASHBOARD_PAGE })
      : undefined;
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
    if (loadRes.ok) {
      const most = load.slice(0, CHART_CASEWORKERS);
      const title =
        load.length > most.length
          ? `Försenade uppgifter: de ${most.length} handläggare som har flest`
          : 'Försenade uppgifter per handläggare';
      const rows = most.map((r) => ({ label: r.caseworker, value: r.overdue }));
      charts.push({ id: 'forsenade', title, rows, svg: await barChart(title, rows) });
    }
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
      loadError: loadRes.ok ? undefined : loadRes.error.code,
      load,
      openCases: load.reduce((n, r) => n + r.open, 0),
      pageSize: DASHBOARD_PAGE,
      cases: casesRes.ok ? casesRes.body.cases : [],
      nextPage: casesRes.ok && casesRes.body.nextCursor ? pageLink({ ...f, from, to }, casesRes.body.nextCursor) : undefined,
      firstPage: f.sida ? pageLink({ ...f, from, to }) : undefined,
      stuck: stuckRes?.ok ? stuckRes.body.cases : [],
      stuckError: stuckRes && !stuckRes.ok ? stuckRes.error.code : undefined,
      sent: sentCommand(q),
      failedCode: typeof q.fel === 'string' ? q.fel : undefined,
    });
  });
}
