// Where the bot may send Bot Framework calls (replies, member look-ups, digests):
// the connector named by an activity's serviceUrl. A caller who could choose that
// URL would choose who answers "what is this person's email" — so only
// Microsoft's connector hosts are allowed (more by TEAMS_SERVICE_URLS for a
// sovereign cloud), and in local mode only an http:// URL on this machine.
import type { Config } from '../config.js';
import { isLoopbackHttpUrl } from './loopback.js';

/** Microsoft Teams' public-cloud connector (every region is a path under it: /amer/, /emea/, /apac/, /teams/). */
export const MICROSOFT_SERVICE_URLS = ['https://smba.trafficmanager.net'] as const;

export interface ServiceUrlPolicy {
  /** True when calls may go to this service URL. */
  allows(url: string): boolean;
  /** What is allowed, for logs and refusals. */
  describe: string;
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function serviceUrlPolicy(config: Pick<Config, 'teams' | 'TEAMS_SERVICE_URLS'>): ServiceUrlPolicy {
  if (config.teams.mode === 'local') return { allows: isLoopbackHttpUrl, describe: 'http:// URLs on this machine (local mode)' };
  const origins = new Set([...MICROSOFT_SERVICE_URLS, ...config.TEAMS_SERVICE_URLS].map((u) => originOf(u)).filter((o): o is string => Boolean(o)));
  return {
    allows: (url) => {
      const origin = originOf(url);
      return origin !== undefined && origins.has(origin);
    },
    describe: [...origins].join(', '),
  };
}

export class ServiceUrlRefused extends Error {
  override name = 'ServiceUrlRefused';
  constructor(readonly serviceUrl: string) {
    super(`calls to ${serviceUrl} are not allowed (not a Bot Framework service host this bot trusts)`);
  }
}
