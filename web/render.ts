/**
 * Templates: Eta (https://eta.js.org), small and maintained, escaping every `<%= %>` by default.
 * Every page is rendered inside views/layout.eta with the signed-in user, a CSRF token for its
 * forms and the navigation.
 */
import path from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TokenClaims } from '../platform/tokens';
import * as sv from './sv';
import { formatDate, formatDay } from './describe';

const eta = new Eta({ views: path.join(__dirname, 'views'), autoEscape: true, autoTrim: false, cache: true });

export interface WebUser {
  token: string;
  claims: TokenClaims;
}

declare module 'fastify' {
  interface FastifyRequest {
    webUser?: WebUser;
  }
}

/** Navigation per role: agencies see no case data, so they get no case pages. */
function navFor(user?: WebUser): { href: string; text: string }[] {
  if (!user) return [];
  const role = user.claims.role;
  const items = [];
  if (role === 'caseworker' || role === 'specialist' || role === 'supervisor') items.push({ href: '/app/', text: 'Arbetslista' });
  if (role === 'supervisor') items.push({ href: '/app/dashboard', text: 'Uppföljning' }, { href: '/app/extract', text: 'Registerutdrag' });
  if (role === 'employer' || role === 'region' || role === 'af') items.push({ href: '/app/', text: 'Inkorg' });
  if (role === 'insured') items.push({ href: '/app/', text: 'Mitt sjukfall' });
  return items;
}

export async function renderPage(
  req: FastifyRequest,
  reply: FastifyReply,
  view: string,
  data: { title: string; [k: string]: unknown },
  status = 200,
): Promise<FastifyReply> {
  const user = req.webUser;
  const html = eta.render(`./${view}`, {
    ...data,
    user: user?.claims,
    nav: navFor(user),
    current: req.url.split('?')[0],
    csrf: reply.generateCsrf(),
    sv,
    formatDate,
    formatDay,
  });
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
