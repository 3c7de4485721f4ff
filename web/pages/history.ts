/**
 * /app/cases/{id}/history — supervisors and specialists: the decoded workflow history from
 * GET /cases/{id}/history, in Swedish (what happened, when, on which chain day, who), paged, with a
 * link to the same workflow in the Temporal UI.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { caseIdParams } from '../../api/schemas';
import { caseWorkflowId } from '../../platform/temporalNames';
import { apiClient } from '../apiClient';
import { formatDate, historyActor, historyText, isRoutineStep } from '../describe';
import { renderPage } from '../render';

const PAGE_SIZE = 100;
const pageQuery = z.object({
  sida: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  alla: z.literal('ja').optional().catch(undefined),
});

interface HistoryLine {
  eventId: number;
  time: string;
  chainDay?: number;
  what: string;
  by?: string;
}

export function historyRoutes(app: FastifyInstance, o: { temporalUi: string }): void {
  app.get('/cases/:caseId/history', async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    if (!p.success) return renderPage(req, reply, 'error', { title: 'Ärendet finns inte', status: 404, code: 'CASE_NOT_FOUND' }, 404);
    const { caseId } = p.data;
    const { sida: page, alla } = pageQuery.parse(req.query ?? {});
    const r = await apiClient(req).get<{ total: number; lines: HistoryLine[] }>(
      `/cases/${caseId}/history?page=${page}&pageSize=${PAGE_SIZE}`,
    );
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
      lines: r.body.lines
        .filter((l) => alla || !isRoutineStep(l.what))
        .map((l) => ({ id: l.eventId, time: formatDate(l.time), day: l.chainDay, what: historyText(l.what), by: historyActor(l.by) })),
    });
  });
}
