// The board's HTTP routes. Who may call what:
// - GET /board/sign-in?token=…  anyone: a page with a Continue button; spends nothing.
// - POST /board/sign-in         anyone holding an unspent, unexpired token (from our own pages only).
// - POST /board/sign-out        anyone (ends their own session, if any).
// - GET /board/board.css        anyone (the stylesheet).
// - GET /board/sign-in/oidc[/callback]  anyone, when OpenID Connect is configured (404 otherwise): oidc-routes.ts.
// - every other GET /board…     people with a session; without one, a sign-in explanation and no plan status.
// GET pages only read (but for an OpenID callback, which spends its state and opens a session).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger.js';
import { StoreUnavailableError } from '../core/store-port.js';
import type { Route } from '../server/http-server.js';
import { html, type Html } from './html.js';
import { actionPage } from './pages/action.js';
import { agencyPage } from './pages/agency.js';
import { changesPage } from './pages/changes.js';
import { layout } from './pages/layout.js';
import { overviewPage } from './pages/overview.js';
import { reportBody } from './pages/report.js';
import { isOidcPath, oidcRoute, type OidcSignIn } from './oidc-routes.js';
import { continuePage, linkRefused, signInNeeded } from './pages/sign-in.js';
import { parseQuarter, quarterOf } from './periods.js';
import type { BoardDeps } from './read-board.js';
import { redirect, readForm, sendHtml, sendText } from './respond.js';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './session-cookie.js';
import type { BoardUser, SignInStore } from './sign-in-store.js';
import { BOARD_CSS } from './styles.js';

export interface BoardRouteDeps extends BoardDeps {
  signIns: SignInStore;
  /** The board's public address (BOARD_URL, or http://localhost:PORT once listening). */
  baseUrl: () => string;
  logger: Logger;
  /** CLASSIFICATION, marked on every page. */
  classification?: string;
  /** OpenID Connect sign-in, when configured (oidc-routes.ts). */
  oidc?: OidcSignIn;
}

type Page = { status?: number; title: string; body: Html; current?: string };

export function boardRoutes(deps: BoardRouteDeps): Route[] {
  const handler = (req: IncomingMessage, res: ServerResponse) => handle(deps, req, res);
  return [
    { method: 'GET', path: '/board', handler },
    { method: 'GET', path: '/board/*', handler },
    { method: 'POST', path: '/board/*', handler },
  ];
}

async function handle(deps: BoardRouteDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://board.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const secure = deps.baseUrl().startsWith('https:');
  const started = performance.now();
  let user: BoardUser | undefined;
  try {
    if (req.method === 'POST') return await post(deps, req, res, path, secure);
    if (path === '/board/board.css') return sendText(res, 200, 'text/css; charset=utf-8', BOARD_CSS, { 'cache-control': 'public, max-age=3600' });
    if (path === '/board/sign-in') {
      const token = url.searchParams.get('token') ?? '';
      const valid = await deps.signIns.peekToken(token, deps.now());
      return page(deps, res, valid ? { title: 'Sign in', body: continuePage(token) } : { status: 400, title: 'Link does not work', body: linkRefused(deps.oidc?.provider) });
    }
    if (isOidcPath(path)) {
      if (!deps.oidc) return page(deps, res, notFound('There is no such page on the board.'));
      const outcome = await oidcRoute({ ...deps, oidc: deps.oidc }, req, path, url, secure);
      const cookies: Record<string, string[]> = outcome.cookies.length ? { 'set-cookie': outcome.cookies } : {};
      return 'redirect' in outcome ? redirect(res, outcome.redirect, cookies) : page(deps, res, outcome.page, undefined, cookies);
    }
    const cookie = readSessionCookie(req);
    user = cookie ? await deps.signIns.session(cookie, deps.now()) : undefined;
    if (!user) return page(deps, res, { status: 401, title: 'Sign in', body: signInNeeded(deps.oidc?.provider) }, undefined, cookie ? { 'set-cookie': clearedSessionCookie(secure) } : {});
    const shown = await view(deps, path, url);
    // The server's own time for the page (reads and rendering), as browsers' developer tools show it.
    return page(deps, res, shown, user, { 'server-timing': `page;dur=${(performance.now() - started).toFixed(1)}` });
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    deps.logger.warn('board: database unavailable', { path, error: err.message });
    return page(deps, res, { status: 503, title: 'Database unavailable', body: html`<h1>The board cannot reach its database</h1><p>Nothing is shown rather than something out of date. Please try again in a minute.</p>` }, user);
  }
}

async function view(deps: BoardRouteDeps, path: string, url: URL): Promise<Page> {
  if (path === '/board') return { title: 'Overview', body: await overviewPage(deps), current: 'overview' };
  const action = /^\/board\/actions\/([^/]{1,40})$/.exec(path);
  if (action) {
    const ref = decode(action[1]!);
    const found = ref === undefined ? undefined : await actionPage(deps, ref);
    return found ?? notFound(`There is no action or part “${ref ?? action[1]}” — actions are 1–${deps.plan.actions.length}, parts look like 13b.`);
  }
  const agency = /^\/board\/agencies\/([^/]{1,80})$/.exec(path);
  if (agency) {
    const ref = decode(agency[1]!);
    const found = ref === undefined ? undefined : await agencyPage(deps, ref);
    return found ?? notFound(`There is no agency “${ref ?? agency[1]}” in the plan.`);
  }
  if (path === '/board/changes') {
    const { status, body } = await changesPage(deps, url.searchParams.get('since'));
    return { status, title: 'Changes', body, current: 'changes' };
  }
  if (path === '/board/report') {
    const asked = url.searchParams.get('quarter');
    const q = asked ? parseQuarter(asked, deps.timeZone) : quarterOf(deps.now(), deps.timeZone);
    if (!q) return { status: 400, title: 'Quarterly report', current: 'report', body: html`<h1>Quarterly report</h1><p role="alert">“${asked}” is not a quarter. Give one as YYYY-Qn, e.g. <a href="/board/report?quarter=2026-Q4">2026-Q4</a>.</p>` };
    return { title: `Quarterly report ${q.id}`, body: await reportBody(deps, q), current: 'report' };
  }
  return notFound('There is no such page on the board.');
}

/** A path segment as typed; undefined when its %-escapes are malformed. */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function notFound(message: string): Page {
  return { status: 404, title: 'Not found', body: html`<h1>Not found</h1><p>${message}</p><p><a href="/board">Back to the overview</a></p>` };
}

async function post(deps: BoardRouteDeps, req: IncomingMessage, res: ServerResponse, path: string, secure: boolean): Promise<void> {
  if (!sameOrigin(req, deps.baseUrl())) return page(deps, res, { status: 403, title: 'Refused', body: html`<h1>Refused</h1><p>Forms on the board are only accepted from the board itself.</p>` });
  if (path === '/board/sign-out') {
    const cookie = readSessionCookie(req);
    if (cookie) await deps.signIns.closeSession(cookie);
    return redirect(res, '/board', { 'set-cookie': clearedSessionCookie(secure) });
  }
  if (path !== '/board/sign-in') return page(deps, res, notFound('There is no such form on the board.'));
  const form = await readForm(req);
  const now = deps.now();
  const user = await deps.signIns.spendToken(form?.get('token') ?? '', now);
  if (!user) {
    deps.logger.info('board: sign-in link refused');
    return page(deps, res, { status: 400, title: 'Link does not work', body: linkRefused(deps.oidc?.provider) });
  }
  const session = await deps.signIns.openSession(user, now);
  deps.logger.info('board: signed in', { platform: user.platform, email: user.email ?? null });
  return redirect(res, '/board', { 'set-cookie': sessionCookie(session.id, secure) });
}

/** A browser's form post names its origin: it must be the board's own (BOARD_URL, or the host it was asked at). */
function sameOrigin(req: IncomingMessage, baseUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser's cross-site post (those always send Origin)
  return origin === new URL(baseUrl).origin || (req.headers.host !== undefined && (origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`));
}

function page(deps: Pick<BoardRouteDeps, 'classification'>, res: ServerResponse, p: Page, user?: BoardUser, headers: Record<string, string | string[]> = {}): void {
  sendHtml(res, p.status ?? 200, layout({
    title: p.title, body: p.body, ...(user ? { user } : {}), ...(p.current ? { current: p.current } : {}),
    ...(deps.classification ? { classification: deps.classification } : {}),
  }), headers);
}
