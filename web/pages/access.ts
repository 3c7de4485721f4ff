/**
 * /app/cases/{id}/access — supervisors: the case's access log (Åtkomstlogg) from
 * GET /cases/{id}/access-log: who read the case, when, in which role and team, and what.
 */
import type { FastifyInstance } from 'fastify';
import { caseIdParams } from '../../contract/schemas';
import type { AccessEntryBody } from '../../contract/extract';
import { apiClient } from '../apiClient';
import { formatDate } from '../describe';
import { renderPage } from '../render';
import { ACCESS_LABELS, ROLE_LABELS, label } from '../sv';

export function accessRoutes(app: FastifyInstance): void {
  app.get('/cases/:caseId/access', async (req, reply) => {
    const p = caseIdParams.safeParse(req.params);
    if (!p.success) return renderPage(req, reply, 'error', { title: 'Ärendet finns inte', status: 404, code: 'CASE_NOT_FOUND' }, 404);
    const { caseId } = p.data;
    const r = await apiClient(req).get<{ entries: AccessEntryBody[] }>(`/cases/${caseId}/access-log`);
    if (!r.ok)
      return renderPage(req, reply, 'error', { title: 'Åtkomstloggen kan inte visas', status: r.status, code: r.error.code }, r.status);
    return renderPage(req, reply, 'access', {
      title: `Åtkomstlogg för ärende ${caseId.slice(0, 8)}`,
      caseId,
      entries: r.body.entries.map((e) => ({
        at: formatDate(e.at),
        who: e.sub,
        role: label(ROLE_LABELS, e.role),
        team: e.team ?? '–',
        what: label(ACCESS_LABELS, e.what),
      })),
    });
  });
}
