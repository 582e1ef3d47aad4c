// Who is asking: what a surface knows (Identity) and what the core works out (Actor).
export type Platform = 'slack' | 'teams' | 'cli';
/** The platforms people chat on (and digests and nudges go to): every one but the terminal. */
export type ChatPlatform = Exclude<Platform, 'cli'>;

export interface Identity {
  platform: Platform;
  /** The platform's own user id (Slack U…, Teams AAD object id, or the CLI's user). */
  userId: string;
  displayName: string;
  /** The platform's verified email, lower-cased; absent when it could not be resolved. */
  email?: string;
  /** Set by the CLI when run without --as: the operator at the terminal is a steward. */
  localSteward?: boolean;
}

export interface Actor extends Identity {
  /** Agency ids this person belongs to (email domain, adjusted by stewards' grants). */
  agencies: string[];
  steward: boolean;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The part of an actor stored with what they did. */
export function recordedActor(actor: Actor): { platform: Platform; userId: string; displayName: string; agencies: string[]; email?: string } {
  return {
    platform: actor.platform,
    userId: actor.userId,
    displayName: actor.displayName,
    agencies: actor.agencies,
    ...(actor.email ? { email: actor.email } : {}),
  };
}
