/**
 * /app/extract — supervisors: the register extract (registerutdrag, docs/records.md). A form takes
 * the personnummer (POSTed, so it is in no URL) and downloads the PDF that POST /people/extract
 * renders in Swedish; a problem the API names is shown at the field, with what was typed kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorLabel, fieldMessages } from '../messages';
import { renderPage } from '../render';

const form = (req: FastifyRequest, reply: FastifyReply, data: { value?: string; error?: string; general?: string } = {}, status = 200) =>
  renderPage(req, reply, 'extract', { title: 'Registerutdrag', value: '', ...data }, status);

const forbidden = (req: FastifyRequest, reply: FastifyReply) =>
  renderPage(req, reply, 'error', { title: 'Fel', status: 403, code: 'FORBIDDEN' }, 403);

export function extractRoutes(app: FastifyInstance): void {
  app.get('/extract', async (req, reply) => (req.webUser!.claims.role === 'supervisor' ? form(req, reply) : forbidden(req, reply)));

  app.post('/extract', { preHandler: app.csrfProtection }, async (req, reply) => {
    const value = String((req.body as { personnummer?: unknown } | undefined)?.personnummer ?? '').trim();
    const res = await req.server.inject({
      method: 'POST',
      url: '/people/extract',
      remoteAddress: req.ip,
      headers: { authorization: `Bearer ${req.webUser?.token ?? ''}`, accept: 'application/pdf' },
      payload: { personnummer: value },
    });
    if (res.statusCode === 200)
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="registerutdrag.pdf"')
        .header('cache-control', 'no-store')
        .send(res.rawPayload);
    if (res.statusCode === 403) return forbidden(req, reply);
    const error = (res.json() as { error?: { code: string; message: string } }).error ?? { code: 'UNAVAILABLE', message: '' };
    const atField = fieldMessages(error).personnummer;
    return form(req, reply, { value, ...(atField ? { error: atField } : { general: errorLabel(error.code) }) }, res.statusCode);
  });
}
