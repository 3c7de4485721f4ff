/**
 * A caseworker's day in the browser (issue 24): whose case it is on the work list and the case page
 * (Skyddad identitet unless cleared), opening a case at /app/cases/new with every problem at its
 * field, what the case waits for, only the actions that apply (a task's beside it), labels by track,
 * the search that keeps the number, a region signing in, reassignment to a known caseworker.
 * Chromium through playwright-core on the real system; axe on every page; screenshots for docs/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, stockholmDateOf } from '../../domain/calendar';
import { examplePeople } from '../../harness/exampleIdentities';
import { populationRecord, PROTECTED_PERSONNUMMER } from '../../stubs/population';
import { expectAccessible, shot, startWebSystem, webBearer, type WebSystem } from '../../harness/webSystem';

let w: WebSystem;
const today = stockholmDateOf(Date.now());
const nextPnr = examplePeople();
const nameOf = (pnr: string) => {
  const { given, family } = populationRecord(pnr.replace('-', '')).name;
  return `${given} ${family}`;
};
const caseworker = (sub: string) => webBearer({ sub, role: 'caseworker' });

beforeAll(async () => {
  w = await startWebSystem();
});
afterAll(async () => {
  await w?.stop();
});

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${w.base}${path}`);
  await page.waitForLoadState('load');
}
const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

describe('whose case it is', () => {
  it('names the person on the work list and the case page; a protected person is Skyddad identitet unless cleared', async () => {
    const pnr = nextPnr();
    const caseId = await w.openCase('hk-p1', pnr);
    const secret = await w.app.inject({
      method: 'POST',
      url: '/cases',
      headers: caseworker('hk-p1'),
      payload: { personnummer: PROTECTED_PERSONNUMMER, employment: { type: 'unemployed' }, firstSickDay: addDays(today, -10) },
    });
    const protectedCase = (secret.statusCode === 201 ? secret.json().caseId : secret.json().error.details.caseId) as string;
    await w.projected(caseId);
    const page = await w.newPage();
    await w.login(page, 'hk-p1', 'caseworker');
    await expect.poll(async () => (await page.reload(), mainText(page)), { timeout: 30_000 }).toContain(nameOf(pnr));
    expect(await mainText(page)).toContain(pnr);
    await expectAccessible(page);
    await shot(page, 'worklist-people');
    await visit(page, `/app/cases/${caseId}`);
    const h1 = await page.getByRole('heading', { level: 1 }).textContent();
    expect(h1).toContain(nameOf(pnr));
    expect(h1).toContain(pnr);
    expect(page.url()).not.toContain(pnr.slice(0, 8));
    await visit(page, `/app/cases/${protectedCase}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Skyddad identitet');
    expect(await page.content()).not.toContain('19121212');
    await expectAccessible(page);
    await shot(page, 'case-protected');
    // cleared for protected identity: the name and number
    await w.login(page, 'hk-sekretess', 'caseworker', { cleared: true });
    await visit(page, `/app/cases/${protectedCase}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(PROTECTED_PERSONNUMMER);
    for (const digits of [pnr.slice(0, 8), '19121212']) expect(w.logs()).not.toContain(digits);
    await page.close();
  });
});

describe('opening a case', () => {
  it('checks every field at once, says each problem in Swedish at its field, keeps the input, then opens the case', async () => {
    const page = await w.newPage();
    await w.login(page, 'hk-n1', 'caseworker');
    await page.getByRole('link', { name: 'Nytt ärende' }).click();
    await page.waitForLoadState('load');
    await expectAccessible(page);
    await page.getByLabel('Organisationsnummer').fill('556036-0794');
    await page.getByLabel('Förväntad sjukskrivning (dagar)').fill('90');
    await page.getByRole('button', { name: 'Öppna ärende' }).click();
    await page.waitForLoadState('load');
    const errorAt = (id: string) => page.locator(`#${id}-fel`).textContent();
    expect(await errorAt('personnummer')).toBe('Fyll i fältet.');
    expect(await errorAt('firstSickDay')).toBe('Fyll i fältet.');
    expect(await page.getByLabel('Organisationsnummer').inputValue()).toBe('556036-0794');
    expect(await page.getByLabel('Förväntad sjukskrivning (dagar)').inputValue()).toBe('90');
    expect(await page.locator('#personnummer').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    // the number's check digit, the employer's and a future first day: all three at once
    const pnr = nextPnr();
    const wrongDigit = `${pnr.slice(0, -1)}${(Number(pnr.slice(-1)) + 1) % 10}`;
    await page.getByLabel('Personnummer').fill(wrongDigit);
    await page.getByLabel('Första sjukdag').fill(addDays(today, 2));
    await page.getByRole('button', { name: 'Öppna ärende' }).click();
    await page.waitForLoadState('load');
    expect(await errorAt('personnummer')).toContain('Kontrollsiffran');
    expect(await errorAt('orgNr')).toContain('Kontrollsiffran');
    expect(await errorAt('firstSickDay')).toBe('Datumet får inte vara senare än i dag.');
    expect(await page.getByLabel('Personnummer').inputValue()).toBe(wrongDigit);
    expect(await mainText(page)).not.toMatch(/check digit|must|required/);
    await expectAccessible(page);
    await shot(page, 'new-case-errors');
    // an unemployed person has no employer
    await page.getByLabel('Personnummer').fill(pnr);
    await page.getByLabel('Första sjukdag').fill(addDays(today, -3));
    await page.getByLabel('Anställning').selectOption('unemployed');
    await page.getByRole('button', { name: 'Öppna ärende' }).click();
    await page.waitForLoadState('load');
    expect(await errorAt('orgNr')).toBe('Bara en anställd har arbetsgivare. Töm fälten för arbetsgivaren.');
    await page.getByLabel('Organisationsnummer').fill('');
    await page.getByRole('button', { name: 'Öppna ärende' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/app\/cases\/[\w-]+\?nytt=1$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(nameOf(pnr));
    expect(await page.getByRole('status').first().textContent()).toContain('Ärendet är öppnat.');
    const caseUrl = page.url().split('?')[0]!;
    // the same person again: a link to the open case
    await visit(page, '/app/cases/new');
    await page.getByLabel('Personnummer').fill(pnr);
    await page.getByLabel('Första sjukdag').fill(addDays(today, -1));
    await page.getByLabel('Anställning').selectOption('unemployed');
    await page.getByRole('button', { name: 'Öppna ärende' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').first().textContent()).toContain('Personen har redan ett öppet ärende.');
    await page.getByRole('link', { name: 'Öppna personens pågående ärende' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toBe(caseUrl);
    await page.close();
  });
});

describe('the case page offers what applies', () => {
  it('shows what the case waits for, a task with its action beside it, and labels by track', async () => {
    const employed = await w.openCase('hk-a1', nextPnr(), { firstSickDay: addDays(today, -26) });
    const unemployed = await w.openCase('hk-a1', nextPnr(), { employment: { type: 'unemployed' }, firstSickDay: addDays(today, -127) });
    const selfEmployed = await w.openCase('hk-a1', nextPnr(), { employment: { type: 'self-employed' }, firstSickDay: addDays(today, -99) });
    expect(
      (await w.app.inject({ method: 'POST', url: `/cases/${unemployed}/commands/order-afu`, headers: caseworker('hk-a1'), payload: {} }))
        .statusCode,
    ).toBe(200);
    const page = await w.newPage();
    await w.login(page, 'hk-a1', 'caseworker');

    await visit(page, `/app/cases/${unemployed}`);
    const text = await mainText(page);
    expect(text).toContain('Normalt förekommande arbete (från dag 1)');
    expect(text).not.toContain('från dag 181');
    const waiting = page.locator('section', { has: page.getByRole('heading', { name: 'Väntar på' }) });
    expect(await waiting.textContent()).toContain('Regionen: aktivitetsförmågeutredning (AFU)');
    expect(await waiting.textContent()).toMatch(/begärt \d{4}-\d{2}-\d{2}, senast \d{4}-\d{2}-\d{2}/);
    for (const offered of [
      'Registrera sjukanmälan',
      'Registrera plan för återgång i arbete',
      'Besluta om undantag (dag 181)',
      'Beställ AFU',
    ])
      expect(await page.locator('summary', { hasText: offered }).count(), offered).toBe(0);
    // each task's action sits in the task's own box
    for (const task of await page.locator('.task-list > li').all())
      expect(await task.locator('details.command').count()).toBeLessThanOrEqual(1);
    expect(await page.locator('.task-list details.command').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await shot(page, 'case-pending');

    await visit(page, `/app/cases/${selfEmployed}`);
    expect(await mainText(page)).toContain('Eget arbete (den egna verksamheten, dag 1–180)');
    await visit(page, `/app/cases/${employed}`);
    expect(await mainText(page)).toContain('Eget arbete (dag 1–90)');
    expect(await page.locator('summary', { hasText: 'Besluta om undantag (dag 181)' }).count()).toBe(0);
    // every offered action is accepted when filled in: try the ones without fields
    await page.close();
  });
});

describe('search, regions and reassignment', () => {
  it('the search keeps the number and says at the field what is wrong with it', async () => {
    const page = await w.newPage();
    await w.login(page, 'hk-s1', 'caseworker');
    await page.getByLabel('Personnummer').fill('19640823-3235');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#pnr-fel').textContent()).toBe('Kontrollsiffran (sista siffran) stämmer inte. Kontrollera numret.');
    expect(await page.getByLabel('Personnummer').inputValue()).toBe('19640823-3235');
    expect(page.url()).not.toContain('19640823');
    await expectAccessible(page);
    await shot(page, 'search-error');
    await page.close();
  });

  it('a region signs in with its county code, and a missing one is said at its field', async () => {
    const page = await w.newPage();
    await page.goto(`${w.base}/app/login`);
    await page.getByLabel('Användar-ID').fill('reg-1');
    await page.getByLabel('Roll').selectOption('region');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#region-fel').textContent()).toContain('länskoden');
    await expectAccessible(page);
    await shot(page, 'login-region');
    await page.getByLabel('Region').fill('01');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inkorg för regionen'); // a region's start page is its inbox
    expect(w.logs()).not.toMatch(/"level":50/);
    await page.close();
  });

  it("reassignment offers the team's caseworkers and refuses an ID that is no user ID, in Swedish at the field", async () => {
    const caseId = await w.openCase('hk-r1', nextPnr(), { team: 'team-r' });
    await w.openCase('hk-r2', nextPnr(), { team: 'team-r', caseworkerId: 'hk-r2' });
    await w.projected(caseId);
    const page = await w.newPage();
    await w.login(page, 'chef-r', 'supervisor', { team: 'team-r' });
    await visit(page, `/app/cases/${caseId}`);
    await page.locator('#kommando-reassign summary').click();
    const options = await page.locator('#reassign-caseworkerId-forslag option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(options).toEqual(expect.arrayContaining(['hk-r1', 'hk-r2']));
    await page.locator('#reassign-caseworkerId').fill('19640823-3234');
    await page.locator('#kommando-reassign button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('#reassign-caseworkerId-fel').textContent()).toContain('inget personnummer');
    expect(await page.locator('#reassign-caseworkerId').inputValue()).toBe('19640823-3234');
    await expectAccessible(page);
    await shot(page, 'case-reassign-error');
    await page.locator('#reassign-caseworkerId').fill('hk-r2');
    await page.locator('#kommando-reassign button[type=submit]').click();
    await page.waitForLoadState('load');
    expect(await mainText(page)).toContain('hk-r2 (team team-r)');
    await page.close();
  });
});
