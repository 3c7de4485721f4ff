/**
 * The web app in a real browser: Debian's headless Chromium driven by playwright-core, against the
 * API process on a real Temporal dev server with the real worker and agency stubs. axe-core checks
 * every page (no serious or critical violation). Screenshots go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from '../../api/auth';
import type { Page } from 'playwright-core';
import { webApp } from '../../web';
import type { TokenClaims } from '../../platform/tokens';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { expectAccessible, shot, startWebSystem, WEB_JWT_SECRET as JWT_SECRET, webBearer, type WebSystem } from '../../harness/webSystem';

const PNR = '19640823-3234';

let w: WebSystem;
let app: FastifyInstance;
let base: string;
const today = stockholmDateOf(Date.now());
const bearer = (c: TokenClaims) => webBearer(c);
const projected = (caseId: string) => w.projected(caseId);
const openCase = (caseworker: string, personnummer = PNR) => w.openCase(caseworker, personnummer);
const newPage = (width = 1200, height = 900) => w.newPage(width, height);
const login = (page: Page, sub: string, role: string, org = '') => w.login(page, sub, role, org ? { org } : {});

beforeAll(async () => {
  w = await startWebSystem();
  ({ app, base } = w);
});

afterAll(async () => {
  await w?.stop();
});

describe('caseworker', () => {
  it('logs in, sees the work list, opens a case, sends a command through its form and sees it on the timeline', async () => {
    const caseId = await openCase('hk-1');
    const page = await newPage(1200, 900);
    await page.goto(`${base}/app/login`);
    await expectAccessible(page);
    await shot(page, 'login');
    await login(page, 'hk-1', 'caseworker');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator(`a[href="/app/cases/${caseId}"]`).count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toBe('Arbetslista');
    await expectAccessible(page);
    await shot(page, 'worklist');
    await page.locator(`a[href="/app/cases/${caseId}"]`).first().click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(PNR);
    await page.locator('#kommando-register-certificate summary').click();
    await page.getByLabel('Från och med').fill(addDays(today, -40));
    await page.getByLabel('Till och med').fill(addDays(today, 20));
    await page.locator('#register-certificate-degree').selectOption('50');
    await page.locator('#kommando-register-certificate button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Registrera läkarintyg');
    const firstRow = page.locator('table.timeline tbody tr').first();
    expect(await firstRow.textContent()).toContain('Registrera läkarintyg');
    expect(await firstRow.textContent()).toContain('hk-1 (Handläggare)');
    await expectAccessible(page);
    await shot(page, 'case');
    await page.close();
  });

  it("shows a rejected command's message next to the field it names, and changes nothing", async () => {
    const caseId = await openCase('hk-3', '19800110-1008');
    const page = await newPage(1200, 900);
    await login(page, 'hk-3', 'caseworker');
    await page.goto(`${base}/app/cases/${caseId}`);
    await page.locator('#kommando-report-return-to-work summary').click();
    await page.locator('#report-return-to-work-extent').selectOption('partial');
    await page.locator('#kommando-report-return-to-work button[type=submit]').click();
    await page.waitForLoadState('load');
    const field = page.locator('.has-error', { has: page.locator('#report-return-to-work-degree') });
    expect(await field.locator('.error').textContent()).toBe('Vid delvis återgång: välj den sjukskrivningsgrad som återstår.');
    expect(await page.locator('#report-return-to-work-extent').inputValue()).toBe('partial'); // what was chosen is kept
    expect(await page.locator('#report-return-to-work-degree').getAttribute('aria-invalid')).toBe('true');
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: bearer({ sub: 'hk-3', role: 'caseworker' }) })).json();
    expect(state.status).toBe('open');
    await expectAccessible(page);
    await page.locator('#kommando-report-return-to-work').scrollIntoViewIfNeeded();
    await shot(page, 'case-rejected');
    // a rejection that names no field (409: not valid in the case's state) is shown above its form
    await page.locator('#kommando-schedule-meeting summary').click();
    await page.locator('#schedule-meeting-meeting').selectOption('reconciliation');
    await page.locator('#schedule-meeting-date').fill(addDays(today, -3));
    await page.locator('#kommando-schedule-meeting button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('#kommando-schedule-meeting [role=alert]').first().textContent()).toContain('Datumet har redan passerat.');
    await page.close();
  });

  it('finds a case by personnummer through a POSTed form: the number is in no URL and no log', async () => {
    const searched = '19800615-1057';
    const caseId = await openCase('hk-1', searched);
    await projected(caseId);
    const page = await newPage();
    await login(page, 'hk-1', 'caseworker');
    await page.getByLabel('Personnummer').fill(searched);
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).not.toContain('19800615');
    expect(await page.locator('main').textContent()).toContain(`Ärenden för ${searched}`);
    expect(await page.getByLabel('Personnummer').inputValue()).toBe(searched);
    expect(await page.locator(`a[href="/app/cases/${caseId}"]`).count()).toBeGreaterThan(0);
    for (const digits of ['19800615', '8006151057', '800615-1057']) expect(w.logs()).not.toContain(digits);
    await page.close();
  });
});

describe('supervisor and specialist', () => {
  it('supervisor: the dashboard renders its charts, and reassigns a case', async () => {
    const caseId = await openCase('hk-5', '19800211-1014');
    // some activity for the figures: a plan by form and a reconciliation meeting held today
    const hk5 = bearer({ sub: 'hk-5', role: 'caseworker' });
    for (const [name, payload] of [
      ['register-plan', { via: 'form' }],
      ['schedule-meeting', { meeting: 'reconciliation', date: today }],
      ['record-meeting-held', { meeting: 'reconciliation' }],
    ] as const) {
      const r = await app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${name}`, headers: hk5, payload });
      expect(r.statusCode, r.body).toBe(200);
    }
    const page = await newPage(1280, 900);
    await login(page, 'chef-1', 'supervisor');
    expect(page.url()).toContain('/app/dashboard');
    const row = page.locator('tr', { has: page.locator(`a[href="/app/cases/${caseId}"]`) });
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    const meetings = page.locator('figure.chart').first().locator('tr', { hasText: 'Avstämningsmöte' });
    expect(await meetings.locator('td').last().textContent()).toBe('1');
    expect(await page.locator('figure.chart').first().locator('table').count()).toBe(1);
    await expectAccessible(page);
    await shot(page, 'dashboard');
    await row.locator('input[name=caseworkerId]').fill('hk-6');
    await row.getByRole('button', { name: 'Byt' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Byt handläggare');
    const state = (await app.inject({ url: `/cases/${caseId}`, headers: bearer({ sub: 'chef-1', role: 'supervisor' }) })).json();
    expect(state.caseworkerId).toBe('hk-6');

    await page.goto(`${base}/app/cases/${caseId}/history`);
    expect(await page.locator('h1').textContent()).toContain('Historik');
    expect(await page.locator('main').textContent()).toContain('Kommando mottaget: Byt handläggare');
    expect(await page.locator('main').textContent()).toContain('Kommando utfört: Byt handläggare');
    expect(await page.locator('main').textContent()).toContain('chef-1 (Chef)');
    expect(await page.locator('main').textContent()).not.toContain('Arbetsflödessteg'); // the engine's own steps hidden…
    await page.getByRole('link', { name: 'Visa alla steg' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('Arbetsflödessteg'); // …until asked for
    await page.getByRole('link', { name: 'Dölj arbetsflödets interna steg' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('link', { name: 'Öppna ärendet i Temporal UI' }).getAttribute('href')).toContain(`case-${caseId}`);
    await expectAccessible(page);
    await shot(page, 'history');

    // the access log (Åtkomstlogg): the case page's link, each read above with who and what, in Swedish
    await page.goto(`${base}/app/cases/${caseId}`);
    await page.getByRole('link', { name: 'Visa åtkomstloggen' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toContain('Åtkomstlogg');
    const access = (await page.locator('main').textContent()) ?? '';
    for (const said of ['chef-1', 'Chef', 'Läste ärendet', 'Läste historiken']) expect(access).toContain(said);
    await expectAccessible(page);
    await shot(page, 'access-log');
    await page.close();
  });

  it('supervisor: downloads a register extract (PDF) through a POSTed form; a wrong number is named at the field', async () => {
    const pnr = '19710315-4717';
    const caseId = await openCase('hk-8', pnr);
    await projected(caseId);
    const page = await newPage(1200, 900);
    await login(page, 'chef-1', 'supervisor');
    await page.getByRole('link', { name: 'Registerutdrag' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Registerutdrag');
    await expectAccessible(page);

    await page.getByLabel('Personnummer').fill('19710315-471');
    await page.getByRole('button', { name: 'Ladda ner registerutdrag (PDF)' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#personnummer-fel').count()).toBe(1);
    expect(await page.getByLabel('Personnummer').inputValue()).toBe('19710315-471');
    await expectAccessible(page);

    await page.getByLabel('Personnummer').fill(pnr);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner registerutdrag (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('registerutdrag.pdf');
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(page.url()).not.toContain('1971'); // the number is in no URL
    const log = await app.inject({ url: `/cases/${caseId}/access-log`, headers: bearer({ sub: 'chef-1', role: 'supervisor' }) });
    expect((log.json().entries as { what: string; sub: string }[]).some((e) => e.what === 'register-extract' && e.sub === 'chef-1')).toBe(
      true,
    );
    await page.close();
  });

  it('caseworkers get no history page (403), as the API decides', async () => {
    const caseId = await openCase('hk-7', '19800312-1020');
    const page = await newPage();
    await login(page, 'hk-7', 'caseworker');
    const res = await page.goto(`${base}/app/cases/${caseId}/history`);
    expect(res?.status()).toBe(403);
    await page.close();
  });
});

describe('agencies and anonymous users get nothing of a case', () => {
  it('an employer gets a 403 page for a case page', async () => {
    const caseId = await openCase('hk-8', '19800413-1036');
    const page = await newPage(1200, 700);
    await login(page, 'ag-1', 'employer', '556036-0793');
    const res = await page.goto(`${base}/app/cases/${caseId}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Du har inte behörighet');
    expect(await page.locator('main').textContent()).not.toContain('Tidslinje');
    await expectAccessible(page);
    await shot(page, 'forbidden');
    await page.close();
  });

  it('an anonymous visitor is sent to the login page; a form without its CSRF token is refused', async () => {
    const caseId = await openCase('hk-9', '19800514-1042');
    const res = await app.inject({ url: `/app/cases/${caseId}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/app/login');
    const login = await app.inject({ url: '/app/login' });
    expect(login.headers['content-security-policy']).toContain("default-src 'none'");
    const forged = await app.inject({ method: 'POST', url: '/app/login', payload: { sub: 'x', role: 'supervisor' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['set-cookie'] ?? '').not.toContain('sjukfall_session=');
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and signing out clears it', async () => {
    const page = await newPage();
    await login(page, 'hk-1', 'caseworker');
    const session = (await page.context().cookies()).find((c) => c.name === 'sjukfall_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/app' });
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForLoadState('load');
    expect((await page.context().cookies()).some((c) => c.name === 'sjukfall_session')).toBe(false);
    const res = await page.goto(`${base}/app/`);
    expect(res?.url()).toBe(`${base}/app/login`);
    await page.close();
  });
});

describe('production', () => {
  it('refuses the development login', async () => {
    const prod = Fastify();
    await prod.register(authPlugin, { devSecret: JWT_SECRET });
    await prod.register(webApp, { prefix: '/app', jwtSecret: JWT_SECRET, production: true });
    const get = await prod.inject('/app/login');
    expect(get.statusCode).toBe(404);
    expect(get.body).not.toContain('Logga in</button>');
    const post = await prod.inject({ method: 'POST', url: '/app/login', payload: { sub: 'x', role: 'supervisor' } });
    expect(post.statusCode).toBeGreaterThanOrEqual(403);
    expect(post.headers['set-cookie'] ?? '').not.toContain('sjukfall_session=');
    await prod.close();
  });
});
