/**
 * The web app in a real browser, for the browser tests: Debian's headless Chromium driven by
 * playwright-core against the API process (listening on a free port) on a real Temporal dev server
 * with the real worker, the agency stubs and the population register stub. axe-core checks pages
 * (no serious or critical violation). Screenshots are taken only with UPDATE_SCREENSHOTS
 * (`npm run screenshots`, into docs/screenshots/): no test reads them, and a full-page capture and
 * its PNG cost the browser CPU in every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../server/app';
import { addDays, stockholmDateOf } from '../domain/calendar';
import { createLogger } from '../platform/logger';
import { httpPopulationRegister } from '../platform/populationRegister';
import { signToken, type TokenClaims } from '../platform/tokens';
import { CHROMIUM_FLAGS } from './chromiumFlags';
import { PREBUILT_WORKFLOW_BUNDLE, startTestSystem, type TestSystem } from './temporalTestSystem';

export const WEB_JWT_SECRET = 'web-test-secret-web-test-secret-0123456789';
const SHOTS = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../docs/screenshots') : undefined;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// the minified build: the same code in 0.65 MB instead of 1.5 MB to send and parse at every check
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const webBearer = (c: TokenClaims) => ({ authorization: `Bearer ${signToken(WEB_JWT_SECRET, c)}` });

/** axe-core in the page: no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  // evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    `${page.url()}`,
  ).toEqual([]);
}

export async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * One Chromium per process, launched at the first web system's start (a launch is ~0.9 s of CPU):
 * the browser files that run one after another in one vitest worker process (isolate: false) share
 * it (and the OpenID login test), each page in a browser context of its own, closed with its web
 * system. It ends with the
 * process: Chromium quits when its pipe to this process closes, also when the process is killed.
 */
let browserLaunch: Promise<Browser> | undefined;

export function sharedBrowser(): Promise<Browser> {
  browserLaunch ??= chromium
    .launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, env: { ...process.env, LANG: 'sv_SE.UTF-8', LANGUAGE: 'sv' } })
    .then((browser) => {
      browser.once('disconnected', () => (browserLaunch = undefined));
      return browser;
    })
    .catch((err: unknown) => {
      browserLaunch = undefined;
      throw err;
    });
  return browserLaunch;
}

export interface WebSystem {
  sys: TestSystem;
  app: FastifyInstance;
  base: string;
  /** everything the API process logged so far */
  logs(): string;
  /** a page with the Swedish locale, so the browser's own widgets (date inputs) speak Swedish too */
  newPage(width?: number, height?: number): Promise<Page>;
  /** the development login: Användar-ID, Roll, and whatever else is given */
  login(page: Page, sub: string, role: string, more?: { org?: string; region?: string; team?: string; cleared?: boolean }): Promise<void>;
  /** open a case through the API (employed unless told otherwise), first sick day 40 days ago */
  openCase(caseworker: string, personnummer: string, over?: Record<string, unknown>): Promise<string>;
  /** until the case is in the read model (moments after it starts) */
  projected(caseId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebSystem(): Promise<WebSystem> {
  if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  let logs = '';
  const sys = await startTestSystem({ kind: 'local', workflowBundlePath: PREBUILT_WORKFLOW_BUNDLE });
  const app = await buildApp({
    temporal: sys.env.client,
    readModel: sys.readModel.db,
    taskQueue: sys.taskQueue,
    jwtSecret: WEB_JWT_SECRET,
    personKeySecret: 'person-key-secret-person-key-secret-0123',
    payloadKeys: sys.keys,
    populationRegister: httpPopulationRegister(sys.stubsUrl),
    rateLimitPerMinute: 1_000_000,
    logger: createLogger('web-test', new Writable({ write: (c, _e, cb) => ((logs += c), cb()) })),
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await sharedBrowser();
  const pages = new Set<Page>();
  const today = stockholmDateOf(Date.now());
  return {
    sys,
    app,
    base,
    logs: () => logs,
    async newPage(width = 1200, height = 900) {
      const page = await browser.newPage({ viewport: { width, height }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
      pages.add(page);
      return page;
    },
    async login(page, sub, role, more = {}) {
      await page.goto(`${base}/app/login`);
      await page.getByLabel('Användar-ID').fill(sub);
      await page.getByLabel('Roll').selectOption(role);
      if (more.team) await page.getByLabel('Team').fill(more.team);
      if (more.org) await page.getByLabel('Organisationsnummer').fill(more.org);
      if (more.region) await page.getByLabel('Region').fill(more.region);
      if (more.cleared) await page.getByLabel('Behörig att se skyddade personuppgifter').check();
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.waitForLoadState('load');
    },
    async openCase(caseworker, personnummer, over = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/cases',
        headers: webBearer({ sub: caseworker, role: 'caseworker' }),
        payload: {
          personnummer,
          employment: { type: 'employed', employer: { orgNr: '556036-0793', name: 'Exempel AB' } },
          firstSickDay: addDays(today, -40),
          expectedDurationDays: 120,
          ...over,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().caseId as string;
    },
    async projected(caseId) {
      for (let i = 0; i < 200; i++) {
        if (await sys.readModel.db.selectFrom('cases').select('case_id').where('case_id', '=', caseId).executeTakeFirst()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`case ${caseId} never reached the read model`);
    },
    async stop() {
      // a page's own context goes with it (browser.newPage); pages a failed test left open too
      await Promise.all([...pages].map((p) => p.close()));
      await app.close();
      await sys.stop();
    },
  };
}
