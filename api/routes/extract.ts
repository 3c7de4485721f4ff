/**
 * `POST /people/extract` (supervisors): the register extract (registerutdrag, GDPR art. 15;
 * docs/records.md), everything held about one person, as JSON or, asked with `Accept:
 * application/pdf` (or `format: "pdf"`), as a PDF in Swedish (rendered by the server's
 * `renderExtractPdf`, web/extractPdf.ts). The read is logged first (`register-extract`, one entry
 * per case, or one without a case when the person has none): unlogged, it is not served.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stockholmDateOf } from '../../domain/calendar';
import { parsePersonnummer } from '../../domain/identity';
import { personKey } from '../../platform/secrets';
import { invalidInput, HttpError } from '../../platform/httpErrors';
import { personHoldings } from '../../readModel/personHoldings';
import { errorSchema } from '../../contract/schemas';
import { extractBody, registerExtractSchema, type RegisterExtract } from '../../contract/extract';
import { requireRole } from '../auth';
import { registerExtract } from '../registerExtract';

const SUPERVISORS = ['supervisor'] as const;

export type RenderExtractPdf = (extract: RegisterExtract) => Promise<Buffer>;

export const extractRoutes: FastifyPluginAsyncZod<{ renderPdf?: RenderExtractPdf }> = async (app, o) => {
  app.post(
    '/people/extract',
    {
      preValidation: requireRole(SUPERVISORS),
      schema: {
        summary: 'Register extract: everything held about a person (supervisors; GDPR art. 15)',
        description:
          'Open and archived cases with their state and timeline (decisions, consents, letters and notices), the access log of each case, closed periods and carried-over facts, and the name from the population register. JSON by default; a PDF in Swedish with `Accept: application/pdf` or `format: "pdf"`. The read is written to the access log (`register-extract`) before anything is read.',
        body: extractBody,
        response: {
          200: {
            description: 'the extract: JSON by default; with `Accept: application/pdf` or `format: "pdf"` the same as a PDF in Swedish',
            content: {
              'application/json': { schema: registerExtractSchema },
              'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
            },
          },
          400: errorSchema,
          403: errorSchema,
          406: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (req, reply) => {
      const pnr = parsePersonnummer(req.body.personnummer, stockholmDateOf(Date.now()));
      if (!pnr.ok) throw invalidInput('personnummer', pnr.reason, pnr.issue);
      const pdf = req.body.format ? req.body.format === 'pdf' : /\bapplication\/pdf\b/i.test(req.headers.accept ?? '');
      if (pdf && !o.renderPdf) throw new HttpError(406, 'NOT_ACCEPTABLE', 'this server renders no PDF; ask for application/json');
      const held = await personHoldings(app.readModel, personKey(app.secrets.personKeySecret, pnr.value.normalised));
      await app.records.recordAccess(req, 'register-extract', held.caseIds.length ? held.caseIds : undefined);
      const extract = await registerExtract(app, req.user, pnr.value.normalised, held);
      if (!pdf) return extract;
      const body = await o.renderPdf!(registerExtractSchema.parse(extract));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="registerutdrag.pdf"')
        .header('cache-control', 'no-store')
        .send(body as never); // a Buffer is sent as it is (Fastify serialises no Buffer); the schema is the JSON answer's
    },
  );
};
