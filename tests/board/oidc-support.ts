// A real OpenID provider (oidc-provider) on 127.0.0.1 for the board's OIDC
// tests, with the people it signs in (their claims are whatever a test puts in
// `accounts`), and a small cookie-keeping client that walks the sign-in the way
// a browser does: redirects followed one by one, the provider's login form posted.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import Provider from 'oidc-provider';

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestProvider {
  issuer: string;
  /** accountId → the claims the provider gives for that person (besides `sub`, which is the account id). */
  accounts: Map<string, Record<string, unknown>>;
  /** Registers the clients (the bots' redirect URIs are known only once their ports are). */
  serve(clients: TestClient[]): void;
  close(): Promise<void>;
}

/** A port free on 127.0.0.1 just now (for a bot whose BOARD_URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startOidcProvider(): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    issuer,
    accounts,
    serve(clients) {
      const provider = new Provider(issuer, {
        clients: clients.map((c) => ({
          client_id: c.clientId, client_secret: c.clientSecret, redirect_uris: [c.redirectUri],
          grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
        })),
        findAccount: (_ctx, id) => {
          const claims = accounts.get(id);
          return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
        },
        // Entra's and Slack's own claims, in the ID token as those providers put them there.
        claims: {
          openid: ['sub', 'tid', 'oid', 'https://slack.com/team_id', 'https://slack.com/user_id'],
          email: ['email', 'email_verified'],
          profile: ['name', 'preferred_username', 'upn'],
        },
        conformIdTokenClaims: false,
        cookies: { keys: ['oidc-test-cookie-key'] },
        jwks: { keys: [{ ...jwk, kid: 'test', alg: 'RS256', use: 'sig' }] },
        features: { devInteractions: { enabled: true } },
        // A first-party app, as an organisation registers it: no consent screen, only the login.
        loadExistingGrant: async (ctx) => {
          const accountId = ctx.oidc.session?.accountId;
          const clientId = ctx.oidc.client?.clientId;
          if (!accountId || !clientId) return undefined;
          const grant = new ctx.oidc.provider.Grant({ accountId, clientId });
          grant.addOIDCScope('openid email profile');
          await grant.save();
          return grant;
        },
      });
      server.on('request', provider.callback());
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Cookie { name: string; value: string; path: string }

/**
 * A browser, as far as a sign-in needs one: keeps cookies (everything here is 127.0.0.1, so one jar,
 * by name and path), sends those whose path matches, follows nothing by itself.
 */
export class CookieBrowser {
  readonly jar = new Map<string, Cookie>();

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  async get(url: string, extraCookie?: string): Promise<Response> {
    return this.request(url, { method: 'GET' }, extraCookie);
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  }

  /** GETs `url` and follows redirects while `keepGoing(next)` says so; returns the last response and its URL. */
  async follow(url: string, keepGoing: (next: string) => boolean = () => true): Promise<{ res: Response; url: string }> {
    let at = url;
    let res = await this.get(at);
    for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location')!, at).href;
      if (!keepGoing(next)) break;
      at = next;
      res = await this.get(at);
    }
    return { res, url: at };
  }

  private async request(url: string, init: RequestInit, extraCookie?: string): Promise<Response> {
    const path = new URL(url).pathname;
    const sent = [...this.jar.values()].filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)).map((c) => `${c.name}=${c.value}`);
    if (extraCookie) sent.push(extraCookie);
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(sent.length ? { cookie: sent.join('; ') } : {}) } });
    for (const line of res.headers.getSetCookie()) this.store(line);
    return res;
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';').map((p) => p.trim());
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attr('path') ?? '/';
    const expires = attr('expires');
    const gone = attr('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now()) || value === '';
    if (gone) this.jar.delete(`${name}|${path}`);
    else this.jar.set(`${name}|${path}`, { name, value, path });
  }
}

/** The provider's login form (its dev interaction): where it posts. */
export function loginFormAction(page: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no login form in: ${page.slice(0, 500)}`);
  return action.replace(/&amp;/g, '&');
}
