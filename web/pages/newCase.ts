/**
 * /app/cases/new — open a case (POST /cases): personnummer, first sick day, employment, the employer
 * for an employed person, the expected length. The API's rules decide; each problem it names is shown
 * in Swedish at its field, all at once, with what was typed kept. A person who already has an open
 * case gets a link to it. Success goes to the new case's page.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OPEN_ROLES } from '../../domain/commands';
import { apiClient } from '../apiClient';
import { errorLabel, fieldMessages } from '../messages';
import { renderPage } from '../render';

/** The form's fields, in order. */
export const NEW_CASE_FIELDS = ['personnummer', 'firstSickDay', 'employmentType', 'orgNr', 'employerName', 'expectedDurationDays'] as const;
type FormField = (typeof NEW_CASE_FIELDS)[number];
type FormValues = Partial<Record<FormField | '_key', string>>;

/** The API's field paths → the form's fields. */
const FROM_API: Record<string, FormField> = {
  personnummer: 'personnummer',
  firstSickDay: 'firstSickDay',
  'employment.type': 'employmentType',
  employment: 'employmentType',
  'employment.employer': 'orgNr',
  'employment.employer.orgNr': 'orgNr',
  'employment.employer.name': 'employerName',
  expectedDurationDays: 'expectedDurationDays',
};

/** The posted form → the body of POST /cases; empty fields are left out for the API to name. */
export function openingBody(f: FormValues): Record<string, unknown> {
  const orgNr = f.orgNr?.trim();
  const name = f.employerName?.trim();
  const days = f.expectedDurationDays?.trim();
  const personnummer = f.personnummer?.trim();
  return {
    ...(personnummer ? { personnummer } : {}),
    employment: { type: f.employmentType ?? '', ...(orgNr || name ? { employer: { orgNr: orgNr ?? '', ...(name ? { name } : {}) } } : {}) },
    ...(f.firstSickDay?.trim() ? { firstSickDay: f.firstSickDay.trim() } : {}),
    ...(days ? { expectedDurationDays: /^\d+$/.test(days) ? Number(days) : days } : {}),
  };
}

/** Each of the API's field problems at the form's field (first problem per field). */
export function formErrors(apiFields: Record<string, string>): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const [path, text] of Object.entries(apiFields)) {
    const field = FROM_API[path] ?? FROM_API[path.split('.').slice(0, 2).join('.')];
    if (field && !out[field]) out[field] = text;
  }
  return out;
}

const render = (
  req: FastifyRequest,
  reply: FastifyReply,
  data: { values: FormValues; errors?: Partial<Record<FormField, string>>; general?: string; openCaseId?: string },
  status = 200,
) =>
  renderPage(
    req,
    reply,
    'new-case',
    { title: 'Nytt ärende', errors: {}, key: crypto.randomUUID(), ...data, fields: NEW_CASE_FIELDS },
    status,
  );

export function newCaseRoutes(app: FastifyInstance): void {
  app.get('/cases/new', async (req, reply) => {
    if (!OPEN_ROLES.includes(req.webUser!.claims.role))
      return renderPage(req, reply, 'error', { title: 'Fel', status: 403, code: 'FORBIDDEN' }, 403);
    return render(req, reply, { values: { employmentType: 'employed' } });
  });

  app.post('/cases/new', { preHandler: app.csrfProtection }, async (req, reply) => {
    const values = (req.body ?? {}) as FormValues;
    const key = typeof values._key === 'string' && /^[\w-]{1,100}$/.test(values._key) ? values._key : undefined;
    const r = await apiClient(req).post<{ caseId: string }>('/cases', openingBody(values), key ? { 'idempotency-key': key } : {});
    if (r.ok) return reply.redirect(`/app/cases/${r.body.caseId}?nytt=1`, 303);
    if (r.status === 403) return renderPage(req, reply, 'error', { title: 'Fel', status: 403, code: r.error.code }, 403);
    const openCaseId =
      r.error.code === 'CASE_ALREADY_OPEN' && typeof r.error.details?.caseId === 'string' ? r.error.details.caseId : undefined;
    const errors = formErrors(fieldMessages(r.error));
    return render(req, reply, { values, errors, general: errorLabel(r.error.code), ...(openCaseId ? { openCaseId } : {}) }, r.status);
  });
}
