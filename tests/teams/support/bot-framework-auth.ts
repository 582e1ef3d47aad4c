// The Bot Framework's side of authentication, on 127.0.0.1: an OpenID metadata
// document and its JWKS (a key of the test's own, endorsed for msteams) that
// the bot is pointed at instead of Microsoft's, a signer for channel tokens
// with that key, and a credentials factory for the bot's own outbound token
// (Microsoft's login service is not reachable here).
import { createPrivateKey, createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthOverrides, CredentialsFactory } from '../../../src/teams/adapter.js';

/** The issuer of Bot Framework channel tokens (botframework-connector's ToBotFromChannelTokenIssuer). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
/** What the bot sends as its own token to the connector. */
export const OUTBOUND_TOKEN = 'outbound-token-from-the-test-credentials-factory';

export interface TokenClaims {
  aud: string;
  serviceurl: string;
  iss?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
}

export class BotFrameworkKeys {
  private server?: http.Server;
  private readonly privateKey: KeyObject;
  private readonly kid = 'test-signing-key';
  url = '';

  constructor() {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  }

  async start(): Promise<this> {
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.server = http.createServer((req, res) => {
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/.well-known/openidconfiguration') {
        return send({ issuer: CHANNEL_ISSUER, authorization_endpoint: `${this.url}/auth`, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.url === '/v1/.well-known/keys') {
        return send({ keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /**
   * The bot's authentication settings: the public cloud's, with this metadata instead of Microsoft's.
   * botbuilder takes every setting from here once one is given, so all of them are.
   */
  get auth(): AuthOverrides {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.url}/emulator/openidconfiguration`,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    };
  }

  /** A channel token as the Bot Framework signs it, with this test's key. */
  token(claims: TokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (claims.expiresIn ?? 600);
    const payload = { iss: claims.iss ?? CHANNEL_ISSUER, aud: claims.aud, serviceurl: claims.serviceurl, nbf: Math.min(now, exp) - 600, iat: Math.min(now, exp) - 600, exp };
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const head = `${b64({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${b64(payload)}`;
    return `${head}.${createSign('RSA-SHA256').update(head).sign(this.privateKey).toString('base64url')}`;
  }
}

/** The bot's credentials for `appId`: outbound calls carry OUTBOUND_TOKEN, no login service involved. */
export function testCredentials(appId: string): CredentialsFactory {
  const factory = {
    isValidAppId: async (id: string) => id === appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async <T extends { headers: { set(name: string, value: string): void } }>(request: T) => {
        request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    }),
  };
  return factory as unknown as CredentialsFactory;
}
