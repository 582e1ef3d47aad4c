// The OpenID Connect client: openid-client (docs/decisions/0015) does the
// protocol — discovery, the authorization request with state, nonce and PKCE
// (S256), the code exchange with the client secret, and the ID token's
// signature, issuer (Entra's multi-tenant issuer included), audience, expiry
// and nonce. The only file that imports it.
import * as oidc from 'openid-client';
import type { OidcSettings } from '../config.js';
import { PENDING_TTL_MS, type PendingSignIn } from './oidc-state.js';
import type { Claims } from './oidc-trust.js';

/** What the board asks of a provider: openid, and the email and name the trust rules and pages need. */
const SCOPE = 'openid email profile';

export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  /**
   * Discovered on first use and kept, so a provider that is away at start does not stop the bot;
   * a failed discovery is tried again at the next sign-in.
   */
  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(new URL(this.settings.issuer), this.settings.clientId, this.settings.clientSecret, undefined, {
        timeout: 10,
        // Plain http only for an issuer on this machine (config.ts refuses it anywhere else).
        ...(this.settings.insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered;
  }

  /**
   * Where to send the browser, and what it must come back with (sealed in a cookie meanwhile).
   * `hints` go to the provider as they are (Slack's `team` preselects the workspace).
   */
  async start(redirectUri: string, now: Date, hints: Record<string, string> = {}): Promise<{ url: URL; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = {
      state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(),
      expiresAt: now.getTime() + PENDING_TTL_MS,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      ...hints,
      redirect_uri: redirectUri, scope: SCOPE, state: pending.state, nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * The provider's answer at our callback (`callbackUrl`: the redirect URI with its query): exchanges
   * the code and returns the validated ID token's claims. Throws on anything amiss — an error from the
   * provider, another state, a spent code, a bad token.
   */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<Claims> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider returned no ID token');
    return { ...claims };
  }
}
