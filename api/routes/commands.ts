/**
 * POST /cases/{caseId}/commands/{command}: every command is a Temporal update, so the caller gets
 * the workflow validator's verdict synchronously. `Idempotency-Key` becomes the update ID: a
 * retried request is applied once and answered the same.
 */
import crypto from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import { COMMAND_ROLES, COMMANDS, isCommandName, parseCommandInput } from '../../domain/commands';
import { actorOf } from '../../platform/tokens';
import { caseWorkflowId, commandUpdates } from '../../workflows/definitions';
import { authenticate } from '../auth';
import { HttpError } from '../errors';
import { type CaseViewBody, caseIdParams, caseViewSchema, errorSchema, idempotencyHeaders } from '../schemas';

export const commandRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/cases/:caseId/commands/:command',
    {
      schema: {
        summary: 'Send a command to a case (see CONTRACT.md for each command\'s input)',
        description: `Commands: ${COMMANDS.join(', ')}`,
        params: caseIdParams.extend({ command: z.string().max(64) }),
        headers: idempotencyHeaders,
        body: z.record(z.string(), z.unknown()).optional(),
        response: { 200: caseViewSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (req) => {
      const claims = await authenticate(req);
      const { caseId, command } = req.params;
      if (!isCommandName(command)) throw new HttpError(404, 'UNKNOWN_COMMAND', `no command "${command}"`);
      if (!COMMAND_ROLES[command].includes(claims.role)) {
        throw new HttpError(403, 'FORBIDDEN', `the role ${claims.role} may not send ${command}`);
      }
      const parsed = parseCommandInput(command, req.body ?? {});
      if (!parsed.ok) throw new HttpError(400, 'INVALID_INPUT', `${parsed.field}: ${parsed.message}`, { field: parsed.field });
      const key = req.headers['idempotency-key'];
      const handle = app.temporal.workflow.getHandle(caseWorkflowId(caseId));
      try {
        return (await handle.executeUpdate(commandUpdates[command], {
          args: [{ input: parsed.value, actor: actorOf(claims) }],
          // The update ID is stored by Temporal in clear, and a client's key could be anything:
          // only a hash of it (per user) goes there.
          ...(key ? { updateId: `${command}:${crypto.createHash('sha256').update(`${claims.sub}\n${key}`).digest('hex').slice(0, 40)}` } : {}),
        })) as CaseViewBody;
      } catch (err) {
        // an update to a finished workflow is answered "not found": tell a closed case from a missing one
        if (err instanceof WorkflowNotFoundError) {
          const closed = await handle.describe().then((d) => d.status.name !== 'RUNNING', () => false);
          if (closed) throw new HttpError(409, 'CASE_CLOSED', 'the case is closed');
        }
        throw err;
      }
    },
  );
};
