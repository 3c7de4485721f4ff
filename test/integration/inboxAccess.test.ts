/**
 * The parties' inboxes (GET /inbox) and what an employer, a region and AF may reach, over every
 * route of the API, against a real Temporal dev server, the real worker and the stubs: each sees
 * only its own organisation's requests, another organisation's case answers 403/404 on every route
 * and never appears in an answer, and no inbox answer carries anything of the case's health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COMMAND_ROLES, COMMANDS, type CommandName } from '../../domain/commands';
import { addDays } from '../../domain/calendar';
import { parseOrgNr } from '../../domain/identity';
import { COMMAND_EXAMPLES } from '../../api/commandExamples';
import { inboxItemSchema } from '../../contract/inbox';
import { bearer, caseworker, ORG, startApi, today, type ApiHarness } from '../../harness/api';

/** a second employer (valid organisation number) and the two cases' regions */
const OTHER_ORG = '212000-1009';
const REGION_A = '01';
const REGION_B = '02';

let h: ApiHarness;
let caseA: string; // ORG's employee, region 01, AF asked (a contact meeting)
let caseB: string; // OTHER_ORG's employee, region 02, AF never asked

const employerOf = (org: string) => bearer({ sub: `ag-${org}`, role: 'employer', org });
const regionOf = (region: string) => bearer({ sub: `reg-${region}`, role: 'region', region });
const af = bearer({ sub: 'af-1', role: 'af' });
type Headers = Record<string, string>;

const inbox = async (headers: Headers) => {
  const res = await h.app.inject({ url: '/inbox', headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { caseId: string; request: string; [k: string]: unknown }[];
};

/** The keys an inbox row may have, and its person's: nothing else, so nothing of the case's health. */
const ROW_KEYS = new Set(['caseId', 'request', 'meeting', 'requestedOn', 'dueOn', 'overdue', 'command', 'person']);
/** what FK asked the region in free text: health data, never in an inbox */
const QUESTION = 'Kan patienten arbeta halvtid med kontorsarbete?';

beforeAll(async () => {
  h = await startApi();
  const open = async (org: string, region: string) => {
    const caseId = await h.openCase(
      {},
      { employment: { type: 'employed', employer: { orgNr: org } }, region, firstSickDay: addDays(today, -40) },
    );
    await h.projected(caseId);
    const afu = await h.command(caseId, 'order-afu', {});
    expect(afu.statusCode, afu.body).toBe(200);
    const q = await h.command(caseId, 'request-certificate-completion', { question: QUESTION });
    expect(q.statusCode, q.body).toBe(200);
    return caseId;
  };
  caseA = await open(ORG, REGION_A);
  caseB = await open(OTHER_ORG, REGION_B);
  const meeting = await h.command(caseA, 'schedule-meeting', { meeting: 'contact', date: addDays(today, 7) });
  expect(meeting.statusCode, meeting.body).toBe(200);
  // a request reaches the inbox once its activity has sent it (stubs fail now and then, and are
  // retried): wait until every party sees what it was sent, so the tests below are about who sees it
  await shows(employerOf(ORG), caseA, 2);
  await shows(employerOf(OTHER_ORG), caseB, 2);
  await shows(regionOf(REGION_A), caseA, 2);
  await shows(regionOf(REGION_B), caseB, 2);
  await shows(af, caseA, 1);
}, 120_000);

/** Until `headers`' inbox holds `count` rows of `caseId`. */
async function shows(headers: Headers, caseId: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await inbox(headers)).filter((r) => r.caseId === caseId).length < count) {
    if (Date.now() > deadline) throw new Error(`${caseId} never showed ${count} rows in an inbox`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterAll(async () => {
  await h?.stop();
});

describe('GET /inbox', () => {
  it("an employer sees its own organisation's requests, named by the person's name, and no other's", async () => {
    const rows = await inbox(employerOf(ORG));
    const own = rows.filter((r) => r.caseId === caseA);
    expect(own.map((r) => r.request).sort()).toEqual(['return-to-work-plan', 'sick-report']);
    expect(own.find((r) => r.request === 'return-to-work-plan')).toMatchObject({
      requestedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      overdue: false,
      command: 'register-plan',
      person: { name: expect.stringMatching(/^\S+ \S+/) },
    });
    expect(rows.some((r) => r.caseId === caseB)).toBe(false);
    expect(
      (await inbox(employerOf(OTHER_ORG)))
        .filter((r) => r.caseId === caseB)
        .map((r) => r.request)
        .sort(),
    ).toEqual(['return-to-work-plan', 'sick-report']);
  });

  it("a region sees the AFU order and the completion question of its own region's cases only", async () => {
    const rows = await inbox(regionOf(REGION_A));
    expect(rows.filter((r) => r.caseId === caseA).map((r) => [r.request, r.command])).toEqual(
      expect.arrayContaining([
        ['afu', 'submit-afu-report'],
        ['certificate-completion', 'answer-certificate-completion'],
      ]),
    );
    expect(rows.some((r) => r.caseId === caseB)).toBe(false);
    expect((await inbox(regionOf('03'))).some((r) => r.caseId === caseA || r.caseId === caseB)).toBe(false);
  });

  it('AF sees the meeting it was asked to, with its date, and nothing of a case it was never asked about', async () => {
    const rows = await inbox(af);
    expect(rows.filter((r) => r.caseId === caseA)).toEqual([
      expect.objectContaining({ request: 'contact-meeting', meeting: 'contact', dueOn: addDays(today, 7), command: 'record-meeting-held' }),
    ]);
    expect(rows.some((r) => r.caseId === caseB)).toBe(false);
  });

  it('FK staff and tokens without a role for it get 403; no token 401', async () => {
    expect((await h.app.inject({ url: '/inbox', headers: caseworker })).statusCode).toBe(403);
    expect((await h.app.inject({ url: '/inbox' })).statusCode).toBe(401);
  });

  it('property: any other employer or region sees none of these cases, and no row carries health data', async () => {
    const orgNr = fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 20, max: 99 }), fc.integer({ min: 0, max: 99999 }))
      .map(([a, b, c]) => `${String(a).padStart(2, '0')}${b}${String(c).padStart(5, '0')}`)
      .map((nine) => parseOrgNr(`${nine}${luhnDigit(nine)}`))
      .filter((p) => p.ok && p.value.normalised !== ORG && p.value.normalised !== OTHER_ORG)
      .map((p) => (p.ok ? p.value.normalised : ''));
    const regionCode = fc.integer({ min: 1, max: 25 }).map((n) => String(n).padStart(2, '0'));
    const who = fc.oneof(
      orgNr.map((org) => ({ headers: employerOf(org), own: [] as string[] })),
      regionCode.map((r) => ({ headers: regionOf(r), own: r === REGION_A ? [caseA] : r === REGION_B ? [caseB] : [] })),
      fc.constantFrom(
        { headers: employerOf(ORG), own: [caseA] },
        { headers: employerOf(OTHER_ORG), own: [caseB] },
        { headers: af, own: [caseA] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(who, async ({ headers, own }) => {
        const rows = await inbox(headers);
        const seen = new Set(rows.map((r) => r.caseId).filter((id) => id === caseA || id === caseB));
        expect([...seen].sort()).toEqual([...own].sort());
        for (const r of rows) {
          expect(Object.keys(r).filter((k) => !ROW_KEYS.has(k))).toEqual([]);
          expect(Object.keys(r.person as object)).toEqual(['name']);
          expect(inboxItemSchema.safeParse(r).success).toBe(true);
          expect(JSON.stringify(r)).not.toContain(QUESTION.slice(0, 20));
          // no personnummer (the case ID, 32 random hex digits, may hold 12 digits in a row: CI met one)
          const { caseId: _id, ...rest } = r;
          expect(JSON.stringify(rest)).not.toMatch(/\d{8}-?\d{4}/);
        }
      }),
      { numRuns: 60, seed: 27 },
    );
  });
});

/** The Luhn check digit over nine digits (organisation numbers, as domain/identity.ts checks them). */
function luhnDigit(nine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

describe("every route, as a party of one case, with another organisation's case", () => {
  /** The documented routes, {caseId} filled in; bodies valid where a command has one. */
  async function routes(caseId: string): Promise<{ method: string; url: string; payload?: object; command?: CommandName }[]> {
    const doc = (await h.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    // the web pages (/app) render these same API answers; the browser tests cover them
    return Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/app'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => {
          const url = path.replace('{caseId}', caseId);
          const command = COMMANDS.find((c) => path.endsWith(`/commands/${c}`));
          const payload = command
            ? COMMAND_EXAMPLES[command]
            : method === 'post'
              ? { personnummer: '19640823-3234', caseIds: [caseId] }
              : undefined;
          return { method: method.toUpperCase(), url, ...(payload ? { payload } : {}), ...(command ? { command } : {}) };
        }),
      );
  }
  const PUBLIC = new Set(['/health', '/openapi.json', '/docs', '/inbox']);

  for (const [name, headers, party] of [
    ['employer', () => employerOf(ORG), 'employer'],
    ['region', () => regionOf(REGION_A), 'region'],
    ['af', () => af, 'af'],
  ] as const) {
    it(`${name}: 403 or 404 everywhere for the other case, which no answer names; its own case is not readable either`, async () => {
      const all = await routes(caseB);
      expect(all.length).toBeGreaterThan(COMMANDS.length);
      for (const r of all) {
        if (PUBLIC.has(r.url)) continue;
        const res = await h.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: headers(),
          ...(r.payload ? { payload: r.payload } : {}),
        });
        expect([403, 404], `${r.method} ${r.url}: ${res.body}`).toContain(res.statusCode);
        expect(res.body, `${r.method} ${r.url}`).not.toContain(caseB);
        if (r.command && COMMAND_ROLES[r.command].includes(party)) expect(res.json().error.code, r.url).toBe('NOT_A_PARTY');
      }
      for (const r of await routes(caseA)) {
        if (r.command || PUBLIC.has(r.url)) continue; // its own case's commands are the inbox's answers (browser tests)
        const res = await h.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: headers(),
          ...(r.payload ? { payload: r.payload } : {}),
        });
        expect([403, 404], `${r.method} ${r.url}: ${res.body}`).toContain(res.statusCode);
      }
      // the other case's requests were not answered: nothing changed
      const view = (await h.app.inject({ url: `/cases/${caseB}`, headers: caseworker })).json();
      expect(view.pending.map((p: { request: string }) => p.request).sort()).toEqual(
        ['afu', 'certificate-completion', 'return-to-work-plan', 'sick-report'].sort(),
      );
    });
  }
});
