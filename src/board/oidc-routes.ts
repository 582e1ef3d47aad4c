// OpenID Connect sign-in to the board (optional; docs/decisions/0015):
// - GET /board/sign-in/oidc           anyone: seals state, nonce and PKCE verifier in a cookie
//                                     and sends the browser to the provider. Writes nothing.
// - GET /board/sign-in/oidc/callback  the provider's answer: the library exchanges the code and
//                                     checks the ID token; then chat's trust rules (oidc-trust.ts);
//                                     the state is spent once; the same session as a chat link.
// Any failure shows a page in our own words and signs nobody in. Without OIDC configured both
// answer 404 (routes.ts).
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import type { Logger } from '../core/logger.js';
import type { Plan } from '../core/plan/plan.js';
import { resolveActor } from '../core/resolve-actor.js';
import type { PlanStore } from '../core/store-port.js';
import type { Html } from './html.js';
import { OidcClient } from './oidc-client.js';
import { clearedOidcCookie, OIDC_PATH, oidcCookie, readOidcCookie, stateSeal, type StateSeal } from './oidc-state.js';
import { trustClaims, trustPolicy, type TrustPolicy } from './oidc-trust.js';
import { oidcRefused, oidcUnavailable, type OidcProvider } from './pages/sign-in.js';
import { sessionCookie } from './session-cookie.js';
import { boardUserOf, type SignInStore } from './sign-in-store.js';

export const CALLBACK_PATH = `${OIDC_PATH}/callback`;

/** A configured OpenID Connect sign-in: the client, the cookie seal, and whose word counts. */
export interface OidcSignIn {
  provider: OidcProvider;
  client: OidcClient;
  seal: StateSeal;
  policy: TrustPolicy;
  /** TSOC_ADMINS, for steward rights as chat gives them. */
  admins: readonly string[];
  /** Sent with the authorization request: Slack's `team` opens the bot's workspace (the claim is still checked). */
  hints: Record<string, string>;
}

export function oidcSignIn(config: Config): OidcSignIn | undefined {
  const settings = config.oidc;
  if (!settings) return undefined;
  return {
    provider: settings.kind === 'entra' ? 'Microsoft' : 'Slack',
    client: new OidcClient(settings),
    seal: stateSeal(settings.clientSecret),
    policy: trustPolicy(settings.kind, config),
    admins: config.TSOC_ADMINS,
    hints: settings.kind === 'slack' && config.SLACK_TEAM_ID ? { team: config.SLACK_TEAM_ID } : {},
  };
}

export interface OidcRouteDeps {
  oidc: OidcSignIn;
  plan: Plan;
  store: PlanStore;
  signIns: SignInStore;
  baseUrl: () => string;
  logger: Logger;
  now: () => Date;
}

/** What routes.ts sends: a redirect, or a page (in the board's frame, with its headers). */
export type OidcOutcome =
  | { redirect: string; cookies: string[] }
  | { page: { status: number; title: string; body: Html }; cookies: string[] };

/** The redirect URI registered with the provider: `${BOARD_URL}/board/sign-in/oidc/callback`. */
export function redirectUri(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

export function isOidcPath(path: string): boolean {
  return path === OIDC_PATH || path === CALLBACK_PATH;
}

/** Answers one of the two OIDC paths (isOidcPath). */
export async function oidcRoute(deps: OidcRouteDeps, req: IncomingMessage, path: string, url: URL, secure: boolean): Promise<OidcOutcome> {
  return path === CALLBACK_PATH ? callback(deps, req, url, secure) : start(deps, secure);
}

async function start(deps: OidcRouteDeps, secure: boolean): Promise<OidcOutcome> {
  const { oidc } = deps;
  try {
    const { url, pending } = await oidc.client.start(redirectUri(deps.baseUrl()), deps.now(), oidc.hints);
    return { redirect: url.href, cookies: [oidcCookie(oidc.seal.seal(pending), secure)] };
  } catch (err) {
    deps.logger.warn('board: OpenID provider unavailable', { error: (err as Error).message });
    return { page: { status: 503, title: 'Sign-in unavailable', body: oidcUnavailable(oidc.provider) }, cookies: [] };
  }
}

async function callback(deps: OidcRouteDeps, req: IncomingMessage, url: URL, secure: boolean): Promise<OidcOutcome> {
  const { oidc } = deps;
  const now = deps.now();
  // Whatever happens next, the sign-in in progress is over.
  const cookies = [clearedOidcCookie(secure)];
  const refuse = (status: number, reason: string): OidcOutcome => ({ page: { status, title: 'Not signed in', body: oidcRefused(oidc.provider, reason) }, cookies });
  const pending = oidc.seal.open(readOidcCookie(req), now);
  if (!pending) {
    deps.logger.info('board: OpenID sign-in refused', { why: 'no sign-in in progress in this browser' });
    return refuse(400, 'this browser has no sign-in in progress (it took more than 10 minutes, was already finished, or was started elsewhere)');
  }
  let claims;
  try {
    claims = await oidc.client.finish(new URL(redirectUri(deps.baseUrl()) + url.search), pending);
  } catch (err) {
    // The provider's own words (an error description, a library message) go to the log, not the page.
    deps.logger.info('board: OpenID sign-in refused', { why: 'the provider answer did not check out', error: (err as Error).message });
    return refuse(400, 'the answer from the sign-in service did not check out (it was cancelled, altered or already used)');
  }
  if (!(await deps.signIns.spendOidcState(pending.state, now))) {
    deps.logger.info('board: OpenID sign-in refused', { why: 'state already spent' });
    return refuse(400, 'this sign-in was already used');
  }
  const trusted = trustClaims(oidc.policy, claims);
  if (!trusted.ok) {
    deps.logger.info('board: OpenID sign-in refused', { why: trusted.reason });
    return refuse(403, trusted.reason);
  }
  const actor = await resolveActor(trusted.identity, deps.plan, deps.store, oidc.admins);
  const session = await deps.signIns.openSession(boardUserOf(actor), now);
  deps.logger.info('board: signed in', { platform: actor.platform, via: 'oidc', email: actor.email ?? null });
  return { redirect: '/board', cookies: [sessionCookie(session.id, secure), ...cookies] };
}
