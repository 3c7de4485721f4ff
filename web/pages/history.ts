/**
 * /app/cases/{id}/history — supervisors and specialists: the decoded workflow history from
 * GET /cases/{id}/history, in Swedish (what happened, which command or agency request, when, on
 * which chain day, who), paged, with a link to the same workflow in the Temporal UI. The engine's
 * own steps (workflow tasks, SDK markers) are hidden unless asked for (`?alla=ja`).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HistoryPage } from '../../contract/caseRecord';
import { caseIdParams } from '../../contract/schemas';
import { caseWorkflowId } from '../../platform/temporalNames';
import { apiClient } from '../apiClient';
import { actorText, formatDate, historyText, isInternal } from '../describe';
import { renderPage } from '../render';

const PAGE_SIZE = 100;
const pageQuery = z.object({
  sida: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  alla: z.literal('ja').optional().catch(undefined),
});

export function historyRoutes(app: FastifyInstance, o: { temporalUi: string }): void {
  app.get('/cases/:caseId/history', async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    if (!p.success) return renderPage(req, reply, 'error', { title: 'Ärendet finns inte', status: 404, code: 'CASE_NOT_FOUND' }, 404);
    const { caseId } = p.data;
    const { sida: page, alla } = pageQuery.parse(req.query ?? {});
    const r = await apiClient(req).get<HistoryPage>(`/cases/${caseId}/history?page=${page}&pageSize=${PAGE_SIZE}`);
    if (!r.ok)
      return renderPage(req, reply, 'error', { title: 'Historiken kan inte visas', status: r.status, code: r.error.code }, r.status);
    return renderPage(req, reply, 'history', {
      title: `Historik för ärende ${caseId.slice(0, 8)}`,
      caseId,
      temporalUrl: `${o.temporalUi}/${encodeURIComponent(caseWorkflowId(caseId))}`,
      page,
      pages: Math.max(1, Math.ceil(r.body.total / PAGE_SIZE)),
      total: r.body.total,
      all: !!alla,
      lines: r.body.entries
        .filter((e) => alla || !isInternal(e))
        .map((e) => ({ id: e.eventId, time: formatDate(e.time), day: e.chainDay, what: historyText(e), by: actorText(e.actor) })),
    });
  });
}
