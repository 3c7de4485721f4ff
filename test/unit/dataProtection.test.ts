/** Payload encryption with key rotation, log redaction, and secrets handling. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, parsePayloadKeys } from '../../platform/codec';
import { createLogger, scrubPersonalNumbers } from '../../platform/logger';
import { loadSecrets, personKey } from '../../platform/secrets';
import { loadConfig } from '../../platform/config';

const k = (id: string) => ({ id, key: crypto.randomBytes(32) });
const PNR = '19640823-3234';
const NOTE = 'utmattningssyndrom F43.8';

describe('payload codec (AES-256-GCM)', () => {
  it('encrypts: nothing readable remains, and it decodes back', async () => {
    const codec = new AesGcmPayloadCodec([k('a')]);
    const plain = defaultPayloadConverter.toPayload({ personnummer: PNR, note: NOTE });
    const [enc] = await codec.encode([plain]);
    expect(Buffer.from(enc!.data!).toString('latin1')).not.toContain('19640823');
    expect(Buffer.from(enc!.data!).toString('latin1')).not.toContain('utmattning');
    expect(Buffer.from(enc!.metadata!['encryption-key-id']!).toString()).toBe('a');
    const [dec] = await codec.decode([enc!]);
    expect(defaultPayloadConverter.fromPayload(dec!)).toEqual({ personnummer: PNR, note: NOTE });
  });

  it('a payload encrypted with an old key is still readable after a new key is added; new data uses the newest', async () => {
    const old = k('2026-01');
    const [enc] = await new AesGcmPayloadCodec([old]).encode([defaultPayloadConverter.toPayload('gammal')]);
    const rotated = new AesGcmPayloadCodec([old, k('2026-06')]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([enc!]))[0]!)).toBe('gammal');
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('ny')]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('2026-06');
  });

  it('refuses an unknown key and detects tampering', async () => {
    const [enc] = await new AesGcmPayloadCodec([k('x')]).encode([defaultPayloadConverter.toPayload('x')]);
    await expect(new AesGcmPayloadCodec([k('y')]).decode([enc!])).rejects.toThrow(/unknown key "x"/);
    const codec = new AesGcmPayloadCodec([{ id: 'x', key: Buffer.alloc(32, 1) }]);
    const [e2] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const data = Buffer.from(e2!.data!);
    data[14] = data[14]! ^ 1;
    await expect(codec.decode([{ ...e2!, data }])).rejects.toThrow();
  });

  it('parses PAYLOAD_KEYS and rejects keys of the wrong size', () => {
    const spec = `old:${crypto.randomBytes(32).toString('base64')},new:${crypto.randomBytes(32).toString('base64')}`;
    expect(parsePayloadKeys(spec).map((x) => x.id)).toEqual(['old', 'new']);
    expect(() => new AesGcmPayloadCodec(parsePayloadKeys(`short:${Buffer.alloc(16).toString('base64')}`))).toThrow(/32 bytes/);
  });
});

describe('log redaction', () => {
  function capture() {
    let out = '';
    const stream = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
    return { log: createLogger('test', stream), text: () => out };
  }

  it('redacts personnummer fields and free-text health notes, and scrubs numbers in any string', () => {
    const { log, text } = capture();
    log.info({ personnummer: PNR, body: { note: NOTE, summary: NOTE }, caseId: 'c-1' }, 'opened case');
    log.warn({ detail: `lookup failed for 640823-3234 and ${PNR.replace('-', '')}` }, `retry ${PNR}`);
    const out = text();
    expect(out).toContain('c-1');
    expect(out).toContain('[REDACTED]');
    for (const secret of ['19640823', '640823-3234', '6408233234', 'utmattning', 'F43']) expect(out).not.toContain(secret);
    expect(JSON.parse(out.split('\n')[0]!).name).toBe('test'); // the logger's own name is not redacted
  });

  it('scrubs the finished line too: a token or personnummer in a request URL never reaches the log', () => {
    const { log, text } = capture();
    log.info({ req: { method: 'POST', url: '/codec/t/eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl/decode?p=19640823-3234' } }, 'incoming request');
    expect(text()).toContain('/codec/t/[TOKEN]/decode?p=[REDACTED]');
  });

  it('scrubPersonalNumbers leaves dates and short numbers alone', () => {
    expect(scrubPersonalNumbers('2026-01-05 day 181 case 12345')).toBe('2026-01-05 day 181 case 12345');
    expect(scrubPersonalNumbers('pnr 121212-1212')).toBe('pnr [REDACTED]');
  });
});

describe('secrets', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('development generates secrets once into DATA_DIR and reuses them', () => {
    const dir = tmp();
    const said: string[] = [];
    const a = loadSecrets(loadConfig({ DATA_DIR: dir }), (m) => said.push(m));
    const b = loadSecrets(loadConfig({ DATA_DIR: dir }), (m) => said.push(m));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('generated development secrets');
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(a.development).toBe(true);
    expect((fs.statSync(path.join(dir, 'dev-secrets.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('production refuses to start without secrets or with development ones', () => {
    const dir = tmp();
    loadSecrets(loadConfig({ DATA_DIR: dir }));
    const dev = JSON.parse(fs.readFileSync(path.join(dir, 'dev-secrets.json'), 'utf8'));
    expect(() => loadSecrets(loadConfig({ DATA_DIR: dir, SJUKFALL_ENV: 'production' }))).toThrow(/production needs/);
    const withDev = {
      DATA_DIR: dir,
      SJUKFALL_ENV: 'production',
      PAYLOAD_KEYS: dev.payloadKeys,
      JWT_SECRET: dev.jwtSecret,
      PERSON_KEY_SECRET: dev.personKeySecret,
    };
    expect(() => loadSecrets(loadConfig(withDev))).toThrow(/development secrets/);
    const real = {
      DATA_DIR: dir,
      SJUKFALL_ENV: 'production',
      PAYLOAD_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
      JWT_SECRET: crypto.randomBytes(32).toString('hex'),
      PERSON_KEY_SECRET: crypto.randomBytes(32).toString('hex'),
    };
    expect(loadSecrets(loadConfig(real)).development).toBe(false);
  });

  it('the person key is a keyed hash: stable per secret, different across secrets, not the number', () => {
    const a = personKey('s'.repeat(32), '196408233234');
    expect(a).toBe(personKey('s'.repeat(32), '196408233234'));
    expect(a).not.toBe(personKey('t'.repeat(32), '196408233234'));
    expect(a).not.toContain('196408');
  });
});
