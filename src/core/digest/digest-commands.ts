// The engine's `extra` hook for digests and subscriptions: answers the
// commands it knows and returns undefined for the rest.
import type { CommandContext } from '../commands/context.js';
import type { Command } from '../parse-command.js';
import type { Reply } from '../reply.js';
import type { DigestCommandDeps } from './commands/deps.js';
import { digestStatus } from './commands/digest-status.js';
import { preview } from './commands/preview.js';
import { subscribe, unsubscribe } from './commands/subscribe.js';
import { subscriptions } from './commands/subscriptions.js';

export type { DigestCommandDeps } from './commands/deps.js';

export type ExtraCommands = (command: Command, ctx: CommandContext) => Promise<Reply | undefined>;

export function createDigestCommands(deps: DigestCommandDeps): ExtraCommands {
  return async (command, ctx) => {
    switch (command.kind) {
      case 'subscribe': return subscribe(command, ctx, deps);
      case 'unsubscribe': return unsubscribe(ctx, deps);
      case 'subscriptions': return subscriptions(ctx, deps);
      case 'digest-preview': return preview(command, ctx, deps);
      case 'digest-status': return digestStatus(ctx, deps);
      default: return undefined;
    }
  };
}
