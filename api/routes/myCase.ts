/**
 * GET /me/case: the signed-in insured person's own case in plain terms (Mitt sjukfall): the open
 * one, else the latest (archived ones too). Found by the person key of the token's personnummer,
 * never by the number. Not written to the access log: that log records who else read a person's
 * data, and a person reading their own is no disclosure (docs/records.md).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { INSURED_ROLES } from '../../domain/commands';
import { myCaseOf } from '../../domain/myCase';
import { HttpError } from '../../platform/httpErrors';
import { myCaseSchema } from '../../contract/myCase';
import { errorSchema } from '../../contract/schemas';
import { requireRole } from '../auth';
import { casesOfInsured, insuredActor } from '../insured';
import { asOfNow } from '../reads';

export const myCaseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/case',
    {
      preValidation: requireRole(INSURED_ROLES),
      schema: {
        summary: 'My case (the insured): where I am in the chain, the next limit, meetings, what FK waits for, letters, consents',
        description:
          'For the role insured only, found by the personnummer of the sign-in. The open case, else the latest closed one. 404 NO_CASE when the person has none.',
        tags: ['insured'],
        response: { 200: myCaseSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 410: errorSchema, 503: errorSchema },
      },
    },
    async (req) => {
      const { current } = await casesOfInsured(app, req.user);
      if (!current) throw new HttpError(404, 'NO_CASE', 'you have no sick-leave case with Försäkringskassan');
      const actor = insuredActor(app.secrets.personKeySecret, req.user);
      const [view, timeline] = await Promise.all([app.records.view(current, actor), app.records.timeline(current)]);
      return myCaseOf(asOfNow(view), timeline);
    },
  );
};
