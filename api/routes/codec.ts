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
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export const codecRoutes: FastifyPluginAsyncZod<{ codec: PayloadCodec; uiOrigins: string[] }> = async (app, opts) => {
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
  // The Temporal UI without a login of its own cannot send a bearer header: a supervisor sets the
  // UI's codec endpoint to /codec/t/<token> instead (a browser-local setting). The token is checked
  // exactly like a bearer token and is redacted from the request logs.
  const params = z.object({ token: z.string().max(4000) });
  app.post('/codec/t/:token/encode', { preValidation: requireRoleWithToken(READ_ROLES), schema: { ...schema, params, hide: true } }, async (req) => ({
    payloads: (await opts.codec.encode(req.body.payloads.map(fromJson))).map(toJson),
  }));
  app.post('/codec/t/:token/decode', { preValidation: requireRoleWithToken(HISTORY_ROLES), schema: { ...schema, params, hide: true } }, async (req) => ({
    payloads: (await opts.codec.decode(req.body.payloads.map(fromJson))).map(toJson),
  }));
};
