// Sign-in tokens and sessions for the web board, kept in the database so any
// instance can honour what another issued. Both are stored under the SHA-256
// of the secret (a copy of the database signs nobody in) and read by `_id`
// only. A token is spent by inserting its hash into a second collection:
// the unique `_id` lets exactly one instance win, where a conditional update
// (FerretDB 1.x applies those non-atomically) could let two. An OpenID Connect
// sign-in's state is spent the same way, in the same collection.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Actor, Platform } from '../core/identity.js';
import { guard, isDuplicateKey } from '../store/mongo-errors.js';
import type { WriteQueue } from '../store/write-queue.js';

export const TOKEN_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 8 * 60 * 60_000;

/** Who a session belongs to, and what they may do, as resolved when the link was issued. */
export interface BoardUser {
  platform: Platform;
  userId: string;
  displayName: string;
  email?: string;
  agencies: string[];
  steward: boolean;
}

interface TokenDoc { _id: string; user: BoardUser; createdAt: Date; expiresAt: Date }
interface SpentDoc { _id: string; at: Date }
interface SessionDoc { _id: string; user: BoardUser; createdAt: Date; expiresAt: Date }

export const BOARD_COLLECTIONS = { tokens: 'board_sign_in_tokens', spent: 'board_sign_in_spent', sessions: 'board_sessions' } as const;

const secret = () => randomBytes(32).toString('base64url');
const digest = (value: string) => createHash('sha256').update(value).digest('hex');
/** Secrets are 43 base64url characters: anything else is forged or mangled and costs no read. */
const wellFormed = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** What a session keeps of a person: who they are and what they may do, resolved when they signed in. */
export function boardUserOf(actor: Actor): BoardUser {
  return {
    platform: actor.platform, userId: actor.userId, displayName: actor.displayName,
    ...(actor.email ? { email: actor.email } : {}), agencies: actor.agencies, steward: actor.steward,
  };
}

export class SignInStore {
  private readonly tokens;
  private readonly spent;
  private readonly sessions;

  constructor(db: Db, private readonly writes: WriteQueue) {
    this.tokens = db.collection<TokenDoc>(BOARD_COLLECTIONS.tokens);
    this.spent = db.collection<SpentDoc>(BOARD_COLLECTIONS.spent);
    this.sessions = db.collection<SessionDoc>(BOARD_COLLECTIONS.sessions);
  }

  /** A new single-use token for this person, valid for 15 minutes. */
  async issueToken(actor: Actor, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = secret();
    const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS);
    await guard('saving the sign-in link', () => this.writes(() => this.tokens.insertOne({ _id: digest(token), user: boardUserOf(actor), createdAt: now, expiresAt })));
    return { token, expiresAt };
  }

  /** Whether a token could still be spent (for the Continue page; spends nothing). */
  async peekToken(token: string, now: Date): Promise<BoardUser | undefined> {
    if (!wellFormed(token)) return undefined;
    const id = digest(token);
    const doc = await guard('reading the sign-in link', () => this.tokens.findOne({ _id: id }));
    if (!doc || doc.expiresAt.getTime() <= now.getTime()) return undefined;
    const used = await guard('reading the sign-in link', () => this.spent.findOne({ _id: id }));
    return used ? undefined : doc.user;
  }

  /** Spends a token once: the person it was issued to, or undefined when it is unknown, expired or already used. */
  async spendToken(token: string, now: Date): Promise<BoardUser | undefined> {
    if (!wellFormed(token)) return undefined;
    const id = digest(token);
    const doc = await guard('reading the sign-in link', () => this.tokens.findOne({ _id: id }));
    if (!doc || doc.expiresAt.getTime() <= now.getTime()) return undefined;
    try {
      await guard('spending the sign-in link', () => this.writes(() => this.spent.insertOne({ _id: id, at: now })));
    } catch (err) {
      if (isDuplicateKey(err)) return undefined;
      throw err;
    }
    return doc.user;
  }

  /**
   * Spends the state of an OpenID Connect sign-in once (true), the way a link is spent: a callback
   * replayed with the same state, on any instance, finds it spent (false).
   */
  async spendOidcState(state: string, now: Date): Promise<boolean> {
    try {
      await guard('spending the sign-in', () => this.writes(() => this.spent.insertOne({ _id: `oidc:${digest(state)}`, at: now })));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** A new session for this person, valid for 8 hours; returns its secret id (the cookie's value). */
  async openSession(user: BoardUser, now: Date): Promise<{ id: string; expiresAt: Date }> {
    const id = secret();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await guard('saving the session', () => this.writes(() => this.sessions.insertOne({ _id: digest(id), user, createdAt: now, expiresAt })));
    return { id, expiresAt };
  }

  async session(id: string, now: Date): Promise<BoardUser | undefined> {
    if (!wellFormed(id)) return undefined;
    const doc = await guard('reading the session', () => this.sessions.findOne({ _id: digest(id) }));
    return doc && doc.expiresAt.getTime() > now.getTime() ? doc.user : undefined;
  }

  async closeSession(id: string): Promise<void> {
    if (!wellFormed(id)) return;
    await guard('ending the session', () => this.writes(() => this.sessions.deleteOne({ _id: digest(id) })));
  }
}
