// The teams-ai adapter (botbuilder's CloudAdapter) for the configured mode.
// Authenticated: every request's Bot Framework JWT is validated against the
// app id (single-tenant when TEAMS_TENANT_ID is set), and outbound calls carry
// the app's token. Local: no credentials at all, so nothing is validated and
// nothing is signed; the route lets only loopback callers in.
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions, InvokeResponse, TurnContext } from 'botbuilder';
import type { Config } from '../config.js';

/** Audience of outbound calls to the Teams channel (botframework-connector's ToChannelFromBotOAuthScope). */
export const CHANNEL_AUDIENCE = 'https://api.botframework.com';

/**
 * Extra authentication settings, e.g. `ToBotFromChannelOpenIdMetadataUrl` for a sovereign cloud;
 * they override what is derived from the configuration.
 */
export type AuthOverrides = Record<string, string | boolean | undefined>;

export function authOptions(config: Config, overrides: AuthOverrides = {}): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.teams.mode === 'local') return { ...overrides };
  return {
    MicrosoftAppId: config.TEAMS_APP_ID,
    MicrosoftAppPassword: config.TEAMS_APP_PASSWORD,
    MicrosoftAppType: config.TEAMS_TENANT_ID ? 'SingleTenant' : 'MultiTenant',
    ...(config.TEAMS_TENANT_ID ? { MicrosoftAppTenantId: config.TEAMS_TENANT_ID } : {}),
    ...overrides,
  };
}

type Authentication = Awaited<ReturnType<TeamsAdapter['botFrameworkAuthentication']['authenticateRequest']>>;

/**
 * TeamsAdapter with its two halves apart: authenticate a request (so a refused token is
 * answered and logged by us), then run the turn. `process()` does both, but reports a
 * refusal through console.error.
 */
export class BotAdapter extends TeamsAdapter {
  /** Validates the Authorization header for this activity; throws AuthenticationError (statusCode 401) when it fails. */
  authenticate(activity: Activity, authorization: string): Promise<Authentication> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the turn for an authenticated activity; the invoke response, if the turn left one. */
  runTurn(authentication: Authentication, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authentication, activity, logic);
  }
}

export function createTeamsAdapter(config: Config, overrides?: AuthOverrides): BotAdapter {
  return new BotAdapter(authOptions(config, overrides));
}
