/**
 * The web app for caseworkers, specialists and supervisors, registered by server/app.ts under /app.
 * Server-rendered HTML (works without JavaScript); every page is a client of the JSON API, in-process
 * (web/apiClient.ts). Forms are CSRF-protected (double-submit token in a cookie).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyError, FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import { loadConfig } from '../platform/config';
import { renderPage } from './render';
import type { CaseReads } from '../contract/reads';
import type { WebReader } from './apiClient';
import { requireSession, sessionRoutes } from './session';
import type { WebLoginOptions } from './oidcLogin';
import { worklistRoutes } from './pages/worklist';
import { caseRoutes } from './pages/case';
import { newCaseRoutes } from './pages/newCase';
import { historyRoutes } from './pages/history';
import { accessRoutes } from './pages/access';
import { dashboardRoutes } from './pages/dashboard';
import { inboxRoutes } from './pages/inbox';
import { myCaseRoutes } from './pages/myCase';
import { extractRoutes } from './pages/extract';

export interface WebOptions {
  /** signs the development login's tokens; not given in production */
  jwtSecret?: string;
  /** production sign-in through the identity provider (web/oidcLogin.ts) */
  login?: WebLoginOptions;
  /** production: no development login, Secure cookies (default: SJUKFALL_ENV) */
  production?: boolean;
  /** base of the Temporal UI for "open in Temporal UI" links (default: localhost on TEMPORAL_UI_PORT) */
  temporalUiUrl?: string;
  /** the API's reads, called in-process by the busiest pages (web/apiClient.ts); through app.inject() without them */
  reads?: CaseReads<WebReader>;
}

// form-action: signing out redirects the form's POST on to the identity provider's end-session page
const cspFor = (login?: WebLoginOptions) =>
  [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    `form-action 'self'${login ? ` ${new URL(login.issuer).origin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');

const css = fs.readFileSync(path.join(__dirname, 'static', 'app.css'), 'utf8');

export async function webApp(app: FastifyInstance, o: WebOptions): Promise<void> {
  const config = loadConfig();
  const production = o.production ?? config.SJUKFALL_ENV === 'production';
  const temporalUi = `${o.temporalUiUrl ?? `http://localhost:${config.TEMPORAL_UI_PORT}`}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`;

  if (o.reads) app.decorate('webReads', o.reads);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(csrf, { cookieOpts: { path: '/app', httpOnly: true, sameSite: 'strict', secure: production } });

  const CSP = cspFor(o.login);
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      void reply.header('content-security-policy', CSP).header('cache-control', 'no-store');
    }
    return payload;
  });

  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const csrfError = err.code?.startsWith('FST_CSRF');
    const status = csrfError ? 403 : err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 503;
    if (status >= 500) req.log.error({ err }, 'web page failed');
    return renderPage(req, reply, 'error', { title: 'Fel', status, code: csrfError ? 'CSRF' : (err.code ?? 'UNAVAILABLE') }, status);
  });
  app.setNotFoundHandler(async (req, reply) =>
    renderPage(req, reply, 'error', { title: 'Sidan finns inte', status: 404, code: 'NOT_FOUND' }, 404),
  );

  app.get('/static/app.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(css),
  );

  sessionRoutes(app, { production, ...(o.jwtSecret ? { jwtSecret: o.jwtSecret } : {}), ...(o.login ? { login: o.login } : {}) });
  await app.register(async (pages) => {
    pages.addHook('preHandler', requireSession);
    worklistRoutes(pages);
    newCaseRoutes(pages);
    caseRoutes(pages);
    historyRoutes(pages, { temporalUi });
    accessRoutes(pages);
    dashboardRoutes(pages);
    inboxRoutes(pages);
    myCaseRoutes(pages);
    extractRoutes(pages);
  });
}
