/**
 * The register extract (registerutdrag, docs/records.md): `POST /people/extract` gives a supervisor
 * everything held about a person, their open and archived cases, timelines, access-log entries,
 * closed periods, as JSON and as a PDF in Swedish read back here with a text extractor (unpdf). The
 * extract is itself in the access log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { caseWorkflowId } from '../../workflows/definitions';
import { bearer, caseworker, nextPnr, openBody, startApi, supervisor, type ApiHarness } from '../../harness/api';
import { PROTECTED_PERSONNUMMER } from '../../stubs/population';

let h: ApiHarness;
let app: FastifyInstance;

beforeAll(async () => {
  h = await startApi();
  app = h.app;
});

afterAll(async () => {
  await h?.stop();
});

const extract = (personnummer: string, headers: Record<string, string> = supervisor, format?: 'json' | 'pdf') =>
  app.inject({ method: 'POST', url: '/people/extract', headers, payload: { personnummer, ...(format ? { format } : {}) } });

async function pdfText(body: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('register extract', () => {
  let pnr: string;
  let closed: string;
  let open: string;

  beforeAll(async () => {
    pnr = nextPnr();
    const res = await app.inject({ method: 'POST', url: '/cases', headers: caseworker, payload: openBody({ personnummer: pnr }) });
    closed = res.json().caseId as string;
    expect((await h.command(closed, 'report-return-to-work', { extent: 'full' })).statusCode).toBe(200);
    await h.sys.env.client.workflow.getHandle(caseWorkflowId(closed)).result();
    open = await h.openCase({}, { personnummer: pnr });
    await h.projected(open);
    // a caseworker reads the closed case: the extract shows it
    expect(
      (await app.inject({ url: `/cases/${closed}`, headers: bearer({ sub: 'hk-42', role: 'caseworker', team: 'team-norr' }) })).statusCode,
    ).toBe(200);
  }, 180_000);

  it('is declared in the OpenAPI document with both answers, the JSON extract and the PDF', async () => {
    const ok = (await app.inject('/openapi.json')).json().paths['/people/extract'].post.responses['200'];
    expect(Object.keys(ok.content).sort()).toEqual(['application/json', 'application/pdf']);
    expect(ok.content['application/pdf'].schema).toEqual({ type: 'string', format: 'binary' });
    expect(ok.content['application/json'].schema.properties).toHaveProperty('cases');
  });

  it('is for supervisors only, and refuses a bad personnummer with what was wrong', async () => {
    expect((await extract(pnr, caseworker)).statusCode).toBe(403);
    const bad = await extract('19990101-000X');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_INPUT');
  });

  it('as JSON: both cases (open, archived) with their timelines and access log, the closed period and the name', async () => {
    const res = await extract(pnr);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.json();
    expect(body.madeBy).toBe('chef-1');
    expect(body.person).toMatchObject({ protectedIdentity: false, name: { given: expect.any(String), family: expect.any(String) } });
    const byId = Object.fromEntries((body.cases as { caseId: string }[]).map((c) => [c.caseId, c])) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(byId).sort()).toEqual([closed, open].sort());
    expect(byId[closed]).toMatchObject({ status: 'closed', archived: true, case: { closeReason: 'returned-to-work' } });
    expect((byId[closed]!.timeline as { type: string }[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['case.opened', 'case.closed']),
    );
    expect(byId[closed]!.accessLog).toEqual(
      expect.arrayContaining([expect.objectContaining({ sub: 'hk-42', what: 'case', team: 'team-norr' })]),
    );
    expect(byId[open]).toMatchObject({ status: 'open', archived: false, case: { status: 'open' } });
    expect(body.closedPeriods).toEqual([expect.objectContaining({ caseId: closed })]);

    // the extract itself is logged, once for each case, by the supervisor
    const log = await app.inject({ url: `/access-log?sub=chef-1`, headers: supervisor });
    const made = (log.json().entries as { what: string; caseId: string }[]).filter((e) => e.what === 'register-extract');
    expect(made.map((e) => e.caseId)).toEqual(expect.arrayContaining([closed, open]));
  });

  it('as a PDF in Swedish (Accept: application/pdf, or format "pdf") that names the person and the cases', async () => {
    const json = (await extract(pnr)).json();
    for (const res of [await extract(pnr, { ...supervisor, accept: 'application/pdf' }), await extract(pnr, supervisor, 'pdf')]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/attachment/);
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(res.rawPayload);
      expect(text).toContain('Registerutdrag');
      expect(text).toContain(`${json.person.name.given} ${json.person.name.family}`);
      expect(text).toContain(json.person.personnummer);
      expect(text).toContain(`Ärende ${closed}`);
      expect(text).toContain(`Ärende ${open}`);
      expect(text).toContain('Avslutat (arkiverat)');
      expect(text).toContain('Åter i arbete');
      expect(text).toContain('hk-42 (Handläggare, team-norr)');
    }
  }, 60_000);

  it('a person with protected identity: no name or number in the extract for an uncleared supervisor', async () => {
    const res = await extract(PROTECTED_PERSONNUMMER, supervisor, 'pdf');
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('skyddade personuppgifter');
    expect(text).not.toContain('19121212');
    expect((await extract(PROTECTED_PERSONNUMMER)).json()).toMatchObject({ person: { protectedIdentity: true }, cases: [] });
  });
});
