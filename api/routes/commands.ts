/**
 * POST /cases/{caseId}/commands/{command}: every command is a Temporal update, so the caller gets
 * the workflow validator's verdict synchronously. One route per command, each documented with its
 * own body schema and example; any other command name is 404 UNKNOWN_COMMAND listing the valid ones.
 * FK staff get the new case state; agencies and the insured get `{"accepted": true}` and nothing of the case.
 * The insured may send their commands to their own case only: any other case is 404, as if it did
 * not exist (api/insured.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { COMMAND_ROLES, COMMANDS, READ_ROLES, type CommandName } from '../../domain/commands';
import { commandInputSchemas } from '../../domain/commandSchemas';
import { actorOf } from '../../platform/tokens';
import { authenticate } from '../auth';
import { COMMAND_EXAMPLES } from '../commandExamples';
import { HttpError, invalidInput } from '../../platform/httpErrors';
import { insuredActor, requireOwnCase } from '../insured';
import { keyedRequest } from '../idempotency';
import { acceptedSchema, type CaseViewBody, caseIdParams, caseViewSchema, errorSchema, idempotencyHeaders } from '../../contract/schemas';

/** preValidation: authentication and the role matrix come before the body is looked at. */
const maySend = (command: CommandName) => async (req: FastifyRequest) => {
  const claims = await authenticate(req);
  if (!COMMAND_ROLES[command].includes(claims.role)) {
    throw new HttpError(
      403,
      'FORBIDDEN',
      `the role ${claims.role} may not send ${command} (it is for: ${COMMAND_ROLES[command].join(', ')})`,
    );
  }
  if (claims.role === 'insured') await requireOwnCase(req.server, claims, (req.params as { caseId: string }).caseId);
};

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

export const commandRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const command of COMMANDS) {
    app.post(
      `/cases/:caseId/commands/${command}`,
      {
        preValidation: maySend(command),
        schema: {
          summary: `Command ${command}`,
          description: `Sent by: ${COMMAND_ROLES[command].join(', ')}. FK staff get the new case state; agencies and the insured get {"accepted": true}${COMMAND_ROLES[command].includes('insured') ? '; the insured only on their own case (any other is 404)' : ''}.`,
          tags: ['commands'],
          params: caseIdParams,
          headers: idempotencyHeaders,
          // an empty body is an empty input (most commands have optional fields only)
          body: (commandInputSchemas[command] as z.ZodType).meta({ example: COMMAND_EXAMPLES[command] }).optional(),
          response: { 200: z.union([caseViewSchema, acceptedSchema]), ...errors },
        },
      },
      async (req) => {
        const claims = req.user;
        const input = req.body ?? {};
        const actor = claims.role === 'insured' ? insuredActor(app.secrets.personKeySecret, claims) : actorOf(claims);
        // the insured's own response is received the day they send it
        if (claims.role === 'insured' && Object.hasOwn(input as object, 'receivedOn'))
          throw invalidInput('receivedOn', 'your response is received the day you send it; leave receivedOn out', 'unknown-field');
        const key = req.headers['idempotency-key'];
        const keyed = key ? keyedRequest(app.secrets.personKeySecret, claims.sub, key, command, input) : undefined;
        // the update ID is stored by Temporal in clear: hashes only. It changes with the body, so a
        // reused key with another body reaches the workflow, which answers 422.
        const updateId = keyed ? `${command}:${keyed.keyHash.slice(0, 32)}.${keyed.fingerprint.slice(0, 16)}` : undefined;
        const view = await app.cases.command(req.params.caseId, command, { input, actor, ...(keyed ? { request: keyed } : {}) }, updateId);
        if (view === 'closed') throw new HttpError(409, 'CASE_CLOSED', 'the case is closed');
        return READ_ROLES.includes(claims.role) ? (view as CaseViewBody) : { accepted: true as const };
      },
    );
  }

  app.post(
    '/cases/:caseId/commands/:command',
    { schema: { hide: true, params: caseIdParams.extend({ command: z.string().max(64) }) } },
    async (req) => {
      throw new HttpError(404, 'UNKNOWN_COMMAND', `there is no command "${req.params.command}"; the commands are: ${COMMANDS.join(', ')}`, {
        commands: COMMANDS,
      });
    },
  );
};
