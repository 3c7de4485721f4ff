/**
 * Mitt sjukfall: the insured person's `/app/` (GET /me/case rendered in klarspråk, web/klarsprak.ts).
 * Their consents, each with a button to give or take back (taking back is confirmed on its own page
 * that says what happens first), and a form to answer a decision FK intends (a heard refusal). Every
 * action is a command of the API (record-consent, record-response) on their own case; the API
 * decides, the page renders. Nothing is in a URL but the consent's kind and what was just done.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MyCase } from '../../domain/myCase';
import { CONSENT_SCOPES } from '../../domain/vocabulary';
import { chainBar } from '../chainBar';
import { apiClient, type ApiResult } from '../apiClient';
import * as klar from '../klarsprak';
import { errorLabel, fieldMessages } from '../messages';
import { renderPage } from '../render';

/** as long as the command's free text may be (domain/commandSchemas.ts) */
const MAX_ANSWER = 4000;
const scopeParams = z.object({ scope: z.enum(CONSENT_SCOPES) });
const isInsured = (req: FastifyRequest) => req.webUser?.claims.role === 'insured';
const forbidden = (req: FastifyRequest, reply: FastifyReply) =>
  renderPage(req, reply, 'error', { title: 'Du har inte behörighet', status: 403, code: 'FORBIDDEN' }, 403);

interface Answer {
  /** what the person wrote, shown again when it could not be sent */
  text: string;
  error?: string;
}

/** The page, or the API's answer when there is no case to show (404 NO_CASE is a page of its own). */
export async function renderMyCase(req: FastifyRequest, reply: FastifyReply, answer?: Answer, status = 200): Promise<FastifyReply> {
  const r = await apiClient(req).get<MyCase>('/me/case');
  if (!r.ok && r.error.code === 'NO_CASE') return renderPage(req, reply, 'my-case-none', { title: 'Mitt sjukfall' });
  if (!r.ok) return renderPage(req, reply, 'error', { title: 'Mitt sjukfall', status: r.status, code: r.error.code }, r.status);
  const done = String((req.query as Record<string, unknown> | undefined)?.klart ?? '');
  return renderPage(
    req,
    reply,
    'my-case',
    {
      title: 'Mitt sjukfall',
      m: r.body,
      klar,
      bar: chainBar(r.body.chainDay),
      ...(done in klar.DONE_TEXTS ? { done: klar.DONE_TEXTS[done as klar.DoneKey] } : {}),
      answer,
    },
    status,
  );
}

/** A command on the person's own case (the API finds it; another case is never reachable from here). */
async function sendOnOwnCase(
  req: FastifyRequest,
  command: 'record-consent' | 'record-response',
  body: object,
): Promise<ApiResult<unknown>> {
  const api = apiClient(req);
  const mine = await api.get<MyCase>('/me/case');
  if (!mine.ok) return mine;
  return api.post(`/cases/${mine.body.caseId}/commands/${command}`, body);
}

export function myCaseRoutes(app: FastifyInstance): void {
  // taking a consent back: what it means first, then the button
  app.get('/my-case/consent/:scope', async (req, reply) => {
    if (!isInsured(req)) return forbidden(req, reply);
    const params = scopeParams.safeParse(req.params);
    if (!params.success) return renderPage(req, reply, 'error', { title: 'Sidan finns inte', status: 404, code: 'NOT_FOUND' }, 404);
    const r = await apiClient(req).get<MyCase>('/me/case');
    if (!r.ok) return renderPage(req, reply, 'error', { title: 'Mitt sjukfall', status: r.status, code: r.error.code }, r.status);
    const scope = params.data.scope;
    // what is booked that taking it back calls off (joint mapping needs this consent)
    const calledOff =
      scope === 'joint-mapping' ? r.body.meetings.filter((m) => m.meeting === 'joint-mapping' && m.status === 'booked') : [];
    return renderPage(req, reply, 'my-case-withdraw', {
      title: 'Ta tillbaka ditt ja',
      scope,
      texts: klar.CONSENT_TEXTS[scope],
      calledOff,
      klar,
    });
  });

  app.post('/my-case/consent/:scope', { preHandler: app.csrfProtection }, async (req, reply) => {
    if (!isInsured(req)) return forbidden(req, reply);
    const params = scopeParams.safeParse(req.params);
    const given = String((req.body as Record<string, unknown> | undefined)?.given ?? '');
    if (!params.success || !['ja', 'nej'].includes(given))
      return renderPage(req, reply, 'error', { title: 'Fel', status: 400, code: 'INVALID_INPUT' }, 400);
    const r = await sendOnOwnCase(req, 'record-consent', { scope: params.data.scope, given: given === 'ja' });
    if (!r.ok) return renderPage(req, reply, 'error', { title: 'Mitt sjukfall', status: r.status, code: r.error.code }, r.status);
    return reply.redirect(`/app/?klart=samtycke-${given}`, 303);
  });

  app.post('/my-case/response', { preHandler: app.csrfProtection }, async (req, reply) => {
    if (!isInsured(req)) return forbidden(req, reply);
    const text = String((req.body as Record<string, unknown> | undefined)?.svar ?? '')
      .trim()
      .slice(0, 20_000);
    if (!text) return renderMyCase(req, reply, { text, error: 'Skriv ditt svar i rutan.' }, 400);
    if (text.length > MAX_ANSWER)
      return renderMyCase(req, reply, { text, error: `Ditt svar är för långt. Skriv högst ${MAX_ANSWER} tecken.` }, 400);
    const r = await sendOnOwnCase(req, 'record-response', { note: text });
    if (r.ok) return reply.redirect('/app/?klart=svar', 303);
    const error = fieldMessages(r.error).note ?? errorLabel(r.error.code);
    return renderMyCase(req, reply, { text, error }, r.status);
  });
}
