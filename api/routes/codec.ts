/**
 * The codec server for the Temporal UI and CLI (`/codec/encode`, `/codec/decode`): Temporal's remote
 * codec protocol, behind the same JWT auth. Only supervisors and specialists may decode; encoding is
 * open to every FK role. CORS is allowed for the Temporal UI's origin only (CORS is otherwise off).
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { HISTORY_ROLES, READ_ROLES } from '../../domain/commands';
import { requireRole, requireRoleWithToken } from '../auth';

const jsonPayloads = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })).max(1000),
});
type JsonPayload = z.infer<typeof jsonPayloads>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export const codecRoutes: FastifyPluginAsyncZod<{ codec: PayloadCodec; uiOrigins: string[]; tokenInPath: boolean }> = async (app, opts) => {
  await app.register(cors, {
    origin: opts.uiOrigins,
    credentials: true,
    allowedHeaders: ['authorization', 'content-type', 'x-namespace'],
    methods: ['POST'],
  });
  const schema = { body: jsonPayloads, response: { 200: jsonPayloads }, hide: false, summary: 'Temporal remote codec' };
  app.post('/codec/encode', { preValidation: requireRole(READ_ROLES), schema }, async (req) => ({
    payloads: (await opts.codec.encode(req.body.payloads.map(fromJson))).map(toJson),
  }));
  app.post('/codec/decode', { preValidation: requireRole(HISTORY_ROLES), schema }, async (req) => ({
    payloads: (await opts.codec.decode(req.body.payloads.map(fromJson))).map(toJson),
  }));
  // In production the Temporal UI signs its users in and passes their access token as the bearer
  // header (TEMPORAL_CODEC_PASS_ACCESS_TOKEN, docker-compose.yml). The development UI has no login:
  // there a supervisor sets the UI's codec endpoint to /codec/t/<token> instead (a browser-local
  // setting). A token in a URL can leak through history and proxies, so production has no such route.
  if (!opts.tokenInPath) return;
  const params = z.object({ token: z.string().max(4000) });
  app.post(
    '/codec/t/:token/encode',
    { preValidation: requireRoleWithToken(READ_ROLES), schema: { ...schema, params, hide: true } },
    async (req) => ({
      payloads: (await opts.codec.encode(req.body.payloads.map(fromJson))).map(toJson),
    }),
  );
  app.post(
    '/codec/t/:token/decode',
    { preValidation: requireRoleWithToken(HISTORY_ROLES), schema: { ...schema, params, hide: true } },
    async (req) => ({
      payloads: (await opts.codec.decode(req.body.payloads.map(fromJson))).map(toJson),
    }),
  );
};
