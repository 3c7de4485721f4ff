/**
 * Issue 27, Mitt sjukfall in a real browser (Debian's headless Chromium, playwright-core) against the
 * API on a real Temporal dev server: the insured signs in with a personnummer at the development
 * login, sees their case in klarspråk, takes back a consent (told first what that calls off) and sees
 * the booked meeting called off, and answers a heard decision. axe-clean on every page; no code of the
 * domain and no English on the page. Screenshots go to docs/screenshots/ (`npm run screenshots`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { CRITERIA } from '../../domain/rulebook';
import { AGENCY_REQUESTS, CONSENT_SCOPES, MEETINGS } from '../../domain/vocabulary';
import { examplePeople } from '../../harness/exampleIdentities';
import { expectAccessible, shot, startWebSystem, webBearer, type WebSystem } from '../../harness/webSystem';

let w: WebSystem;
const people = examplePeople();
const today = stockholmDateOf(Date.now());
const caseworker = webBearer({ sub: 'hk-1', role: 'caseworker' });
const specialist = webBearer({ sub: 'sp-1', role: 'specialist' });

beforeAll(async () => {
  w = await startWebSystem();
}, 120_000);
afterAll(async () => {
  await w?.stop();
});

const command = async (caseId: string, name: string, payload: object, headers = caseworker) => {
  const res = await w.app.inject({ method: 'POST', url: `/cases/${caseId}/commands/${name}`, headers, payload });
  expect(res.statusCode, res.body).toBe(200);
};

async function signIn(page: Page, personnummer: string): Promise<void> {
  await page.goto(`${w.base}/app/login`);
  await page.getByLabel('Roll').selectOption('insured');
  await page.getByLabel('Personnummer').fill(personnummer);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForLoadState('load');
}

/** No code of the domain (criteria, meetings, consents, requests) and no English word on the page. */
async function expectPlainSwedish(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  const codes = [...CRITERIA, ...MEETINGS, ...CONSENT_SCOPES, ...Object.values(AGENCY_REQUESTS).flat()];
  for (const code of codes) expect(text, code).not.toContain(code);
  expect(text).not.toMatch(/\b(the|and|case|consent|meeting|employer|please|error)\b/i);
}

describe('Mitt sjukfall', () => {
  it('signs in by personnummer (a wrong one is said at the field), sees the case, takes back a consent and sees its effect', async () => {
    const pnr = people();
    const caseId = await w.openCase('hk-1', pnr);
    await w.projected(caseId);
    const page = await w.newPage(1000, 900);

    await page.goto(`${w.base}/app/login`);
    await page.getByLabel('Roll').selectOption('insured');
    await page.getByLabel('Personnummer').fill(`${pnr.slice(0, -1)}${(Number(pnr.at(-1)) + 1) % 10}`);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#personnummer-fel').textContent()).toContain('Kontrollsiffran');
    expect(await page.getByLabel('Personnummer').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await shot(page, 'login-insured-error');

    await signIn(page, pnr);
    expect(page.url()).toBe(`${w.base}/app/`);
    expect(await page.locator('h1').textContent()).toBe('Mitt sjukfall');
    const text = await page.locator('main').innerText();
    expect(text).toContain('I dag är det dag 41 av din sjukskrivning.');
    expect(text).toContain('om du kan göra ditt vanliga arbete');
    expect(text).toContain(`Från dag 91, den ${addDays(today, 50)},`);
    expect(text).toContain('Din arbetsgivare ska göra en plan för hur du kan komma tillbaka till arbetet.');
    expect(await page.locator('svg.chainbar').count()).toBe(1);
    await expectAccessible(page);
    await expectPlainSwedish(page);

    // giving consent to joint mapping, then FK books it
    const jointMapping = page.getByRole('listitem').filter({ hasText: 'går igenom ditt stöd tillsammans' });
    await jointMapping.getByRole('button', { name: 'Ja, det får ni' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).toContain('Du har sagt ja.');
    const meetingDay = addDays(today, 10);
    await command(caseId, 'schedule-meeting', { meeting: 'joint-mapping', date: meetingDay });
    await page.reload();
    expect(await page.locator('#moten ~ ul').innerText()).toContain(`${meetingDay}: Möte med Arbetsförmedlingen`);
    await shot(page, 'my-case');

    // taking it back: what happens is said first, the booked meeting named
    await jointMapping.getByRole('link', { name: 'Ta tillbaka ditt ja' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('Ta tillbaka ditt ja');
    const confirm = await page.locator('main').innerText();
    expect(confirm).toContain('Vi ställer in de möten om detta som är bokade');
    expect(confirm).toContain(meetingDay);
    await expectAccessible(page);
    await expectPlainSwedish(page);
    await shot(page, 'my-case-withdraw');
    await page.getByRole('button', { name: 'Ja, ta tillbaka mitt ja' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).toContain('Du har tagit tillbaka ditt ja.');
    expect(await page.locator('#moten ~ ul').innerText()).toContain('Inställt, eftersom du tog tillbaka ditt samtycke');
    expect(await jointMapping.innerText()).toContain('Du har tagit tillbaka ditt ja');
    // the case itself says so: the meeting is called off, AF is told
    const view = (await w.app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
    expect(view.pending.filter((p: { meeting?: string }) => p.meeting === 'joint-mapping')).toEqual([]);
    await expectAccessible(page);
    await page.close();
  });

  it('answers a heard decision through its form (an empty answer is said at the field)', async () => {
    const pnr = people();
    const caseId = await w.openCase('hk-1', pnr, { firstSickDay: addDays(today, -20) });
    await w.projected(caseId);
    await command(caseId, 'assess-work-capacity', { criterion: 'own-work', outcome: 'not-reduced' });
    await command(caseId, 'review-decision', { approve: true }, specialist);
    const page = await w.newPage(1000, 900);
    await signIn(page, pnr);
    const heard = await page.locator('main').innerText();
    expect(heard).toContain('Vi tänker besluta att du inte ska få sjukpenning längre.');
    expect(heard).toContain(`Svara senast ${addDays(today, 13)}.`);
    expect(heard).toContain(`Vi tänker besluta att din sjukpenning ska upphöra. Du kan svara senast ${addDays(today, 13)}.`);
    expect(heard).not.toContain('Nästa gräns'); // day 91 comes after the day the benefit would end
    await expectAccessible(page);
    await shot(page, 'my-case-heard');
    await page.getByRole('button', { name: 'Skicka svar' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#svar-fel').textContent()).toBe('Skriv ditt svar i rutan.');
    await expectAccessible(page);
    await page.getByLabel('Ditt svar').fill('Jag har fått ett nytt läkarintyg. Jag kan inte arbeta än.');
    await page.getByRole('button', { name: 'Skicka svar' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).toContain('Vi har fått ditt svar');
    expect(await page.getByRole('button', { name: 'Skicka svar' }).count()).toBe(0);
    await expectAccessible(page);
    await shot(page, 'my-case-answered');
    await expectPlainSwedish(page);
    const view = (await w.app.inject({ url: `/cases/${caseId}`, headers: caseworker })).json();
    expect(view.openTasks.map((t: { task: string }) => t.task)).toContain('reconsider-decision');
    // the answer's words are health data: in no log line
    expect(w.logs()).not.toContain('läkarintyg');
    await page.close();
  });

  it('a person without a case is told so; no page of the caseworkers opens for the insured', async () => {
    const page = await w.newPage(1000, 700);
    await signIn(page, people());
    expect(await page.locator('main').innerText()).toContain('Du har inget sjukfall hos Försäkringskassan just nu.');
    await expectAccessible(page);
    await expectPlainSwedish(page);
    for (const path of ['/app/dashboard', '/app/cases/new', `/app/cases/00000000-0000-4000-8000-000000000000`]) {
      const res = await page.goto(`${w.base}${path}`);
      expect([403, 404], path).toContain(res?.status());
    }
    await page.close();
  });
});
