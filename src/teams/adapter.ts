// The teams-ai adapter (botbuilder's CloudAdapter) for the configured mode.
// Authenticated: every request's Bot Framework JWT is validated against the
// app id (single-tenant when TEAMS_TENANT_ID is set), and outbound calls carry
// the app's token. Local: no credentials at all, so nothing is validated and
// nothing is signed; the route lets only direct loopback callers in. Either
// way, every outbound call (reply, member look-up, digest) is checked against
// the allowed service hosts before a connector client is made for it.
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions, InvokeResponse, TurnContext } from 'botbuilder';
import type { Config } from '../config.js';
import { ServiceUrlRefused, type ServiceUrlPolicy } from './service-urls.js';

/** Audience of outbound calls to the Teams channel (botframework-connector's ToChannelFromBotOAuthScope). */
export const CHANNEL_AUDIENCE = 'https://api.botframework.com';

/**
 * Extra authentication settings, e.g. `ToBotFromChannelOpenIdMetadataUrl` for a sovereign cloud;
 * they override what is derived from the configuration.
 */
export type AuthOverrides = Record<string, string | boolean | undefined>;

export function authOptions(config: Config, overrides: AuthOverrides = {}): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.teams.mode !== 'authenticated') return { ...overrides };
  return {
    MicrosoftAppId: config.TEAMS_APP_ID,
    MicrosoftAppPassword: config.TEAMS_APP_PASSWORD,
    MicrosoftAppType: config.TEAMS_TENANT_ID ? 'SingleTenant' : 'MultiTenant',
    ...(config.TEAMS_TENANT_ID ? { MicrosoftAppTenantId: config.TEAMS_TENANT_ID } : {}),
    ...overrides,
  };
}

type Authentication = Awaited<ReturnType<TeamsAdapter['botFrameworkAuthentication']['authenticateRequest']>>;
type ConnectorFactory = NonNullable<Authentication['connectorFactory']>;
/** botframework-connector's ServiceClientCredentialsFactory (the bot's own outbound token). */
export type CredentialsFactory = NonNullable<ConstructorParameters<typeof TeamsAdapter>[1]>;

/** A connector factory that refuses to make a client for a service URL the policy does not allow. */
function guardedFactory(inner: ConnectorFactory, policy: ServiceUrlPolicy): ConnectorFactory {
  return {
    create: (serviceUrl: string, audience?: string) => {
      if (!policy.allows(serviceUrl)) return Promise.reject(new ServiceUrlRefused(serviceUrl));
      return inner.create(serviceUrl, audience);
    },
  } as ConnectorFactory;
}

export interface AdapterOptions {
  auth?: AuthOverrides;
  /** Where outbound calls may go. */
  serviceUrls: ServiceUrlPolicy;
  /** How the bot gets its own outbound token; default: from TEAMS_APP_ID/TEAMS_APP_PASSWORD (Microsoft's login service). */
  credentials?: CredentialsFactory;
}

/**
 * TeamsAdapter with its two halves apart: authenticate a request (so a refused token is
 * answered and logged by us), then run the turn. `process()` does both, but reports a
 * refusal through console.error.
 */
export class BotAdapter extends TeamsAdapter {
  private readonly serviceUrls: ServiceUrlPolicy;

  constructor(config: Config, options: AdapterOptions) {
    super(authOptions(config, options.auth), options.credentials);
    this.serviceUrls = options.serviceUrls;
    // Proactive sends (digests, nudges) get their connector factory here.
    const auth = this.botFrameworkAuthentication;
    const create = auth.createConnectorFactory.bind(auth);
    auth.createConnectorFactory = (identity) => guardedFactory(create(identity), this.serviceUrls);
  }

  /** Validates the Authorization header for this activity; throws AuthenticationError (statusCode 401) when it fails. */
  async authenticate(activity: Activity, authorization: string): Promise<Authentication> {
    const result = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    // The turn's replies and member look-ups use this factory.
    return result.connectorFactory ? { ...result, connectorFactory: guardedFactory(result.connectorFactory, this.serviceUrls) } : result;
  }

  /** Runs the turn for an authenticated activity; the invoke response, if the turn left one. */
  runTurn(authentication: Authentication, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}

export function createTeamsAdapter(config: Config, options: AdapterOptions): BotAdapter {
  return new BotAdapter(config, options);
}
