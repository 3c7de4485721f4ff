/**
 * The parties' inboxes in a real browser (Chromium, axe-core), against the API on a real Temporal dev
 * server with the real worker and stubs: an employer answers its plan request with the plan's content,
 * a region answers a completion question (a mistake shown at its field first) and sends its AFU
 * report, AF records a meeting as held; each answer reaches the case as the same command the parties'
 * systems send. Screenshots go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { stockholmDateOf } from '../../domain/calendar';
import { examplePeople } from '../../harness/exampleIdentities';
import { expectAccessible, shot, startWebSystem, webBearer, type WebSystem } from '../../harness/webSystem';

const ORG = '556036-0793';
const OTHER_ORG = '212000-1009';
const nextPnr = examplePeople(7_000);

let w: WebSystem;
let app: FastifyInstance;
let base: string;
const today = stockholmDateOf(Date.now());
const caseworker = webBearer({ sub: 'hk-1', role: 'caseworker' });

beforeAll(async () => {
  w = await startWebSystem();
  ({ app, base } = w);
});

afterAll(async () => {
  await w?.stop();
});

const command = async (caseId: string, name: string, payload: object) => {
  const res = await app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${name}`, headers: caseworker, payload });
  expect(res.statusCode, res.body).toBe(200);
};
const caseView = async (caseId: string) => (await app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
const timeline = async (caseId: string) =>
  (await app.inject({ url: `/cases/${caseId}/timeline`, headers: caseworker })).json().timeline as Record<string, unknown>[];

/** The inbox row of this request (a card with its heading), once the read model has it. */
async function row(page: Page, heading: RegExp) {
  const locator = page.locator('li.inbox-row', { has: page.getByRole('heading', { name: heading }) });
  await expect
    .poll(
      async () => {
        await page.goto(`${base}/app/`);
        return locator.count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  return locator.first();
}

describe('employer', () => {
  it('sees its plan request with the due date, answers it with the plan in the browser, and the case shows the plan received', async () => {
    const caseId = await w.openCase('hk-1', nextPnr());
    await w.projected(caseId);
    const page = await w.newPage(1200, 900);
    await w.login(page, 'ag-1', 'employer', { org: ORG });
    const plan = await row(page, /^Plan för återgång i arbete/);
    expect(await page.locator('h1').textContent()).toBe('Inkorg för arbetsgivare');
    expect(await plan.textContent()).toContain('Senast');
    expect(await plan.textContent()).not.toMatch(/\d{8}-\d{4}/); // the person by name only
    await expectAccessible(page);
    await shot(page, 'inbox-employer');

    await plan.getByLabel('Arbetsuppgifter och hur sjukdomen påverkar dem').fill('Lagerarbete med tunga lyft.');
    await plan.getByLabel('Anpassningar i arbetet (arbetstid, uppgifter, hjälpmedel)').fill('Halvtid, inga lyft över 5 kg.');
    await plan.getByLabel('Åtgärder: vad som ska göras, av vem och när').fill('Chefen ändrar schemat; företagshälsovården följer upp.');
    await plan.getByLabel('Planerad återgång i arbete').fill(today);
    await plan.getByRole('button', { name: 'Skicka planen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Planen för återgång i arbete är skickad');
    expect(await page.locator('li.inbox-row', { has: page.getByRole('heading', { name: /^Plan för återgång/ }) }).count()).toBe(0);
    await expectAccessible(page);

    // the case: the plan is received from the employer (by its form), and no longer waited for
    const view = await caseView(caseId);
    expect(view.pending.map((p: { request: string }) => p.request)).not.toContain('return-to-work-plan');
    expect(await timeline(caseId)).toContainEqual(
      expect.objectContaining({ type: 'agency.responded', agency: 'employer', request: 'return-to-work-plan', via: 'form' }),
    );
    const fk = await w.newPage(1200, 900);
    await w.login(fk, 'hk-1', 'caseworker');
    await fk.goto(`${base}/app/cases/${caseId}`);
    expect(await fk.locator('table.timeline tbody').textContent()).toContain('plan för återgång i arbete');
    await fk.close();
    await page.close();
  });

  it("another employer's inbox does not show the case", async () => {
    const caseId = await w.openCase('hk-1', nextPnr());
    await w.projected(caseId);
    const page = await w.newPage(1200, 700);
    await w.login(page, 'ag-2', 'employer', { org: OTHER_ORG });
    await page.goto(`${base}/app/`);
    expect(await page.locator('main').textContent()).toContain('Försäkringskassan väntar inte på något från er just nu.');
    expect(await page.content()).not.toContain(caseId.slice(0, 8));
    await expectAccessible(page);
    await page.close();
  });
});

describe('region', () => {
  it('answers a completion question (a missing answer shown at its field first) and sends its AFU report', async () => {
    const caseId = await w.openCase('hk-1', nextPnr(), { region: '01' });
    await w.projected(caseId);
    await command(caseId, 'order-afu', {});
    await command(caseId, 'request-certificate-completion', { question: 'Hur länge gäller begränsningen?' });
    const page = await w.newPage(1200, 1000);
    await w.login(page, 'reg-1', 'region', { region: '01' });
    const completion = await row(page, /^Komplettering av läkarintyg/);
    expect(await page.locator('h1').textContent()).toBe('Inkorg för regionen');
    expect(await page.content()).not.toContain('Hur länge gäller'); // the question's text is not shown here
    await expectAccessible(page);
    await shot(page, 'inbox-region');

    await completion.getByRole('button', { name: 'Skicka svaret' }).click();
    await page.waitForLoadState('load');
    const failed = page.locator('li.inbox-row', { has: page.getByRole('heading', { name: /^Komplettering/ }) });
    expect(await failed.getByRole('alert').textContent()).toContain('Svar');
    expect(await failed.locator('.field.has-error .error').textContent()).toBeTruthy();
    expect(await failed.getByLabel('Svar').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await shot(page, 'inbox-region-error');

    await failed.getByLabel('Svar').fill('Begränsningen gäller fyra veckor till.');
    await failed.getByRole('button', { name: 'Skicka svaret' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Svaret på kompletteringen är skickat');

    const afu = await row(page, /^Aktivitetsförmågeutredning/);
    await afu.getByLabel('Sammanfattning').fill('Klarar stillasittande arbete fyra timmar om dagen.');
    await afu.getByRole('button', { name: 'Skicka AFU-utlåtandet' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('AFU-utlåtandet är skickat');
    await expectAccessible(page);

    const events = await timeline(caseId);
    expect(events).toContainEqual(expect.objectContaining({ type: 'agency.responded', agency: 'region', request: 'afu' }));
    expect((await caseView(caseId)).pending.filter((p: { agency: string }) => p.agency === 'region')).toEqual([]);
    await page.close();
  });
});

describe('AF', () => {
  it('sees the booked meeting with its date and records it as held with the outcome', async () => {
    const caseId = await w.openCase('hk-1', nextPnr(), { employment: { type: 'unemployed' } });
    await w.projected(caseId);
    await command(caseId, 'schedule-meeting', { meeting: 'contact', date: today });
    const page = await w.newPage(1200, 800);
    await w.login(page, 'af-1', 'af');
    const meeting = await row(page, /^Kontaktmöte/);
    expect(await page.locator('h1').textContent()).toBe('Inkorg för Arbetsförmedlingen');
    expect(await meeting.textContent()).toContain('Mötesdag');
    await expectAccessible(page);
    await shot(page, 'inbox-af');
    await meeting.getByLabel('Utfall').fill('Inskriven som arbetssökande, nästa möte om två veckor.');
    await meeting.getByRole('button', { name: 'Registrera mötet som genomfört' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).toContain('Mötet är registrerat som genomfört');
    expect(await timeline(caseId)).toContainEqual(expect.objectContaining({ type: 'meeting.held', meeting: 'contact' }));
    await page.close();
  });
});
