// What every Teams handler works with, built once by the surface.
import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import type { ConversationPort } from './conversation-port.js';
import type { MemberDirectory } from './member-directory.js';
import type { RetryOptions } from './throttle.js';

export interface TeamsContext {
  engine: Engine;
  logger: Logger;
  members: MemberDirectory;
  conversations: ConversationPort;
  now: () => Date;
  /** A fresh id for each card with an update form (its submits are keyed on it). */
  newCardId: () => string;
  /** How replies retry a throttled connector. */
  retry: RetryOptions;
  /** Conversations whose reference this process has stored (a message stores it once). */
  knownConversations: Set<string>;
  /** Sends a reply to one person in their personal chat with the bot (opening it if need be). */
  direct?: (userId: string, reply: Reply) => Promise<unknown>;
}
