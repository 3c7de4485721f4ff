/**
 * The population register's client (platform/populationRegister.ts) against a small HTTP server of
 * the test's own: the record comes back parsed, the number travels in the body, connections are kept
 * alive between lookups, and every way the register can fail is PopulationRegisterUnavailable
 * (which the API answers 503), never a hang or another error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpPopulationRegister, PopulationRegisterUnavailable } from '../../platform/populationRegister';

const RECORD = { name: { given: 'Anna', family: 'Andersson' }, protectedIdentity: false, county: '01' };

/** What the server answers next (by personnummer), and what it saw. */
const behaviour: Record<string, (res: http.ServerResponse) => void> = {
  '194001010000': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(RECORD)),
  '194001010001': (res) => res.writeHead(500).end('{}'),
  '194001010002': (res) => res.writeHead(200).end(JSON.stringify({ name: 'Anna' })),
  '194001010003': (res) => res.writeHead(200).end('not json'),
  '194001010004': () => undefined, // never answers
  '194001010005': (res) => {
    res.writeHead(200, { 'content-length': '500' }).write('{"name":');
    setTimeout(() => res.socket?.destroy(), 20); // the connection drops half-way
  },
};
const seen: { path: string; body: string; socket: unknown }[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body, socket: req.socket });
      behaviour[(JSON.parse(body) as { personnummer: string }).personnummer]!(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the population register client', () => {
  it('returns the parsed record; the number goes in the body of POST /population/lookup; one connection serves lookups one after another', async () => {
    const register = httpPopulationRegister(baseUrl);
    seen.length = 0;
    expect(await register.lookup('194001010000')).toEqual(RECORD);
    expect(await register.lookup('194001010000')).toEqual(RECORD);
    expect(seen.map((s) => [s.path, JSON.parse(s.body)])).toEqual([
      ['/population/lookup', { personnummer: '194001010000' }],
      ['/population/lookup', { personnummer: '194001010000' }],
    ]);
    expect(seen[1]!.socket).toBe(seen[0]!.socket);
  });

  it.each([
    ['an error status', '194001010001', 'answered 500'],
    ['an answer of another shape', '194001010002', 'unknown shape'],
    ['an answer that is not JSON', '194001010003', 'unknown shape'],
    ['no answer within the deadline', '194001010004', 'did not answer'],
    ['a connection dropped half-way', '194001010005', 'did not answer'],
  ])('%s: PopulationRegisterUnavailable', async (_what, personnummer, message) => {
    const lookup = httpPopulationRegister(baseUrl, 300).lookup(personnummer);
    await expect(lookup).rejects.toBeInstanceOf(PopulationRegisterUnavailable);
    await expect(lookup).rejects.toThrow(message);
  });

  it('a register that is not there: PopulationRegisterUnavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpPopulationRegister(url).lookup('194001010000')).rejects.toBeInstanceOf(PopulationRegisterUnavailable);
  });
});
