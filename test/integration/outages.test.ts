/**
 * Issue 26, item 6: outages answer fast and honestly. The API in front of a Temporal that accepts
 * connections and never answers (as a SIGSTOPped server does) and of a read model that is cut or
 * frozen (through a TCP proxy): every request ends in a 503 in our error shape once its deadline is
 * past (without a deadline these requests would hang, and the test with them); /health says which
 * part is missing; an app that is closing turns requests away in the same shape.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { PopulationRegisterUnavailable } from '../../platform/populationRegister';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel, type EmbeddedReadModel } from '../../readModel/embedded';
import { READ_MODEL_TEMPLATE_ENV, startTcpProxy, type TcpProxy } from '../../harness';
import { caseworker, JWT_SECRET, PERSON_KEY_SECRET } from '../../harness/api';

const deadlines = { readMs: 400, commandMs: 800 };
let frozenTemporal: net.Server;
const held: net.Socket[] = [];
let rm: EmbeddedReadModel;
let proxy: TcpProxy;
let db: ReadModelDb;
let app: FastifyInstance;

/** The API in front of the frozen Temporal and the proxied read model. */
const appBefore = (d: typeof deadlines) =>
  buildApp({
    temporal: new Client({ connection: Connection.lazy({ address: `127.0.0.1:${(frozenTemporal.address() as net.AddressInfo).port}` }) }),
    readModel: db,
    taskQueue: 'outages',
    jwtSecret: JWT_SECRET,
    personKeySecret: PERSON_KEY_SECRET,
    payloadKeys: [{ id: 't', key: Buffer.alloc(32, 1) }],
    logger: false,
    deadlines: d,
    populationRegister: { lookup: () => Promise.reject(new PopulationRegisterUnavailable('no register in this test')) },
  });

beforeAll(async () => {
  frozenTemporal = net.createServer((s) => held.push(s)); // accepts, never answers
  await new Promise<void>((r) => frozenTemporal.listen(0, '127.0.0.1', r));
  rm = await startEmbeddedReadModel({ template: process.env[READ_MODEL_TEMPLATE_ENV] });
  const target = new URL(rm.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  target.port = String(proxy.port);
  db = await openReadModel({ url: target.toString(), migrate: false, poolSize: 2 });
  app = await appBefore(deadlines);
}, 60_000);

afterAll(async () => {
  await app?.close();
  proxy?.restore();
  await db?.destroy();
  await proxy?.close();
  await rm?.stop();
  for (const s of held) s.destroy();
  await new Promise((r) => frozenTemporal?.close(r));
});

describe('a frozen Temporal server', () => {
  it('a read answers 503 TEMPORAL_UNAVAILABLE in our shape, with Retry-After', async () => {
    const res = await app.inject({ url: '/cases/abcdef0123456789', headers: caseworker });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: {
        code: 'TEMPORAL_UNAVAILABLE',
        message: `Temporal did not answer within ${deadlines.readMs} ms; retry later`,
        details: { retryAfterSeconds: 5 },
      },
    });
  });

  it('a command answers 503 and says to retry with the same Idempotency-Key', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/cases/abcdef0123456789/commands/register-sick-report',
      headers: { ...caseworker, 'idempotency-key': 'k-1' },
      payload: {},
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(res.json().error.message).toContain(`within ${deadlines.commandMs} ms`);
    expect(res.json().error.message).toContain('same Idempotency-Key');
  });

  it('/health answers 503 not-ready, temporal down, the read model up', async () => {
    const res = await app.inject('/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not-ready', temporal: 'down', worker: 'none', readModel: 'up' });
  });
});

describe.each(['cut', 'freeze'] as const)('the read model %s', (fault) => {
  it('/health says the read model is down', async () => {
    proxy[fault]();
    try {
      const res = await app.inject('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not-ready', readModel: 'down' });
    } finally {
      proxy.restore();
    }
    expect((await app.inject('/health')).json().readModel).toBe('up');
  });
});

describe('an app that is closing', () => {
  it('answers a request that arrives meanwhile with 503 SHUTTING_DOWN in our shape, not Fastify’s', async () => {
    const closing = await appBefore({ readMs: 1_500, commandMs: 1_500 });
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const port = (closing.server.address() as net.AddressInfo).port;
    // two requests pipelined on one connection: the first waits for the frozen Temporal while the
    // app starts closing; the second is read after that
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const ended = new Promise((r) => socket.on('close', r));
    await new Promise((r) => socket.once('connect', r));
    socket.write(`GET /cases/abcdef0123456789 HTTP/1.1\r\nHost: x\r\nAuthorization: ${caseworker.authorization}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 100));
    const closed = closing.close();
    socket.write('GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    await ended;
    const bodies = received.split('HTTP/1.1 ').slice(1);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatch(/^503 /);
    expect(bodies[0]).toContain('"code":"TEMPORAL_UNAVAILABLE"');
    expect(bodies[1]).toMatch(/^503 /);
    expect(bodies[1]).toContain('"code":"SHUTTING_DOWN"');
    expect(received).not.toContain('"statusCode":503');
  });
});
