// The command engine: parse → resolve identity (lazily) → authorise → execute → Reply.
// It knows no platform, database or environment: those come in as values.
import { randomUUID } from 'node:crypto';
import { board, type BoardLinks } from './commands/board.js';
import type { CommandContext, RequestInfo } from './commands/context.js';
import { grantOrRevoke } from './commands/grant.js';
import { changes } from './commands/changes.js';
import { help, smallTalk, terminalOnly } from './commands/help.js';
import { away, back } from './commands/away.js';
import { milestone } from './commands/milestone.js';
import { reject, signOff } from './commands/sign-off.js';
import { milestones, overdue } from './commands/milestones.js';
import { holidays } from './commands/holidays.js';
import { list } from './commands/list.js';
import { search } from './commands/search.js';
import { show } from './commands/show.js';
import { history, status } from './commands/status.js';
import { tag } from './commands/tag.js';
import { update } from './commands/update.js';
import { who } from './commands/who.js';
import { whoami } from './commands/whoami.js';
import { useAgencyNaming, type AgencyNaming } from './describe.js';
import { suggestWrite, withUnderstood } from './grammar/understood.js';
import type { AwayStore } from './away-port.js';
import type { MilestoneStore } from './milestones/milestone-port.js';
import type { WorkingCalendar } from './calendar/nz-holidays.js';
import type { Actor, Identity } from './identity.js';
import type { Logger } from './logger.js';
import { isWriteCommand, parseCommand, type Command } from './parse-command.js';
import type { Plan } from './plan/plan.js';
import { failureReply, type Reply } from './reply.js';
import { resolveActor } from './resolve-actor.js';
import { AuditPendingError, StoreUnavailableError, StoreUnconfirmedError, type PlanStore } from './store-port.js';
import { MAX_COMMAND_LENGTH } from './text-input.js';

export interface EngineDeps {
  plan: Plan;
  store: PlanStore;
  admins: readonly string[];
  timeZone: string;
  staleAfterDays: number;
  /** Time away (`away`, `back`). */
  away?: AwayStore;
  /** Milestones and due dates. */
  milestones?: MilestoneStore;
  /** When the plan went live (the digests' quiet start applies to `list stale` too). */
  planStart?: () => Promise<Date>;
  /** Public holidays and what digests do on them. */
  calendar?: WorkingCalendar;
  logger: Logger;
  now?: () => Date;
  /** AGENCY_NAMES: English names (default) or English with the Māori name. */
  agencyNames?: AgencyNaming;
  /** Digest and subscription commands, supplied by the digest module when it is wired in. */
  extra?: (command: Command, ctx: CommandContext) => Promise<Reply | undefined>;
  /** Sign-in links to the web board, where the board is served. */
  boardLinks?: BoardLinks;
}

export interface RunOptions {
  request?: Partial<RequestInfo>;
  lookupEmail?: (mention: string) => Promise<string | undefined>;
}

export interface Engine {
  run(text: string, identity: Identity, options?: RunOptions): Promise<Reply>;
  actor(identity: Identity): Promise<Actor>;
  readonly plan: Plan;
  /** Milestones, for surfaces that show overdue flags of their own (Slack's App Home). */
  readonly milestones?: MilestoneStore;
}

export function createEngine(deps: EngineDeps): Engine {
  const now = deps.now ?? (() => new Date());
  useAgencyNaming(deps.plan, deps.agencyNames ?? 'english');
  // People seen by this process (once each, to keep look-ups free of writes): nudges need them.
  const remembered = new Set<string>();
  async function remember(identity: Identity): Promise<void> {
    if (!identity.email || identity.platform === 'cli') return;
    const key = `${identity.platform}:${identity.userId}:${identity.email}`;
    if (remembered.has(key)) return;
    await deps.store.rememberPerson({ platform: identity.platform, userId: identity.userId, displayName: identity.displayName, email: identity.email, lastSeen: now() });
    remembered.add(key);
  }

  async function execute(command: Command, ctx: CommandContext): Promise<Reply> {
    switch (command.kind) {
      case 'help': return help();
      case 'who': return who(command, ctx);
      case 'show': return show(command, ctx);
      case 'list': return list(command, ctx);
      case 'search': return search(command, ctx);
      case 'update': return update(command, ctx);
      case 'status': return status(command, ctx);
      case 'history': return history(command, ctx);
      case 'changes': return changes(command, ctx);
      case 'small-talk': return smallTalk(command.topic);
      case 'terminal-only': return terminalOnly(command.word, ctx.request.platform);
      case 'whoami': return whoami(ctx);
      case 'grant':
      case 'revoke': return grantOrRevoke(command, ctx);
      case 'tag': return tag(command, ctx);
      case 'holidays': return holidays(command, ctx);
      case 'away': return away(command, ctx);
      case 'back': return back(ctx);
      case 'milestone': return milestone(command, ctx);
      case 'milestones': return milestones(command, ctx);
      case 'overdue': return overdue(ctx);
      case 'sign-off': return signOff(command, ctx);
      case 'reject': return reject(command, ctx);
      case 'board': return board(ctx, deps.boardLinks);
      default: {
        const extra = deps.extra ? await deps.extra(command, ctx) : undefined;
        if (extra) return extra;
        if (command.kind === 'unknown') {
          return failureReply('unknown-command', `I don't understand "${command.text.slice(0, 80)}".`,
            'Try `help`, `who coordinates 13b`, `show 7`, `list police` or `update 7 on-track Team recruited`.');
        }
        return failureReply('unknown-command', 'Digests and subscriptions are not available on this server yet.', 'Try `help` for what works now.');
      }
    }
  }

  return {
    plan: deps.plan,
    ...(deps.milestones ? { milestones: deps.milestones } : {}),
    actor: (identity) => resolveActor(identity, deps.plan, deps.store, deps.admins),
    async run(text, identity, options = {}) {
      if (text.length > MAX_COMMAND_LENGTH) {
        return failureReply('bad-input', `That message is ${text.length.toLocaleString('en-NZ')} characters; commands are limited to ${MAX_COMMAND_LENGTH.toLocaleString('en-NZ')}.`,
          'Nothing was saved. Shorten it and try again.');
      }
      const command = parseCommand(text);
      // A write is never run on a guess: corrected words are shown, to be sent as they stand.
      if (command.corrected && isWriteCommand(command)) return suggestWrite(command, text.trim());
      let actor: Promise<Actor> | undefined;
      const ctx: CommandContext = {
        plan: deps.plan,
        store: deps.store,
        actor: () =>
          (actor ??= remember(identity)
            .catch((err: unknown) => deps.logger.debug('could not remember person', { error: err }))
            .then(() => resolveActor(identity, deps.plan, deps.store, deps.admins))),
        now: now(),
        timeZone: deps.timeZone,
        staleAfterDays: deps.staleAfterDays,
        ...(deps.calendar ? { calendar: deps.calendar } : {}),
        ...(deps.away ? { away: deps.away } : {}),
        ...(deps.milestones ? { milestones: deps.milestones } : {}),
        ...(deps.planStart ? { planStart: deps.planStart } : {}),
        request: { key: options.request?.key ?? randomUUID(), platform: options.request?.platform ?? identity.platform, ...(options.request?.channelId ? { channelId: options.request.channelId } : {}) },
        ...(options.lookupEmail ? { lookupEmail: options.lookupEmail } : {}),
      };
      try {
        return withUnderstood(await execute(command, ctx), command);
      } catch (err) {
        if (err instanceof AuditPendingError) {
          deps.logger.warn('a change was saved but its audit entry is not written yet', { command: command.kind, error: err.message });
          return failureReply('unavailable',
            'This reached the database, but the database stopped answering before its audit record was written, so it is not confirmed yet.',
            'Do not send it again: it will show in `history` and be recorded in the audit log once the database answers again.');
        }
        if (err instanceof StoreUnconfirmedError) {
          deps.logger.warn('database stopped answering during a write', { command: command.kind, error: err.message });
          return failureReply('unavailable',
            'The database stopped answering while this was being saved, so I cannot tell whether it was saved.',
            'Check with `history` once it answers again, before sending it again.');
        }
        if (err instanceof StoreUnavailableError) {
          deps.logger.warn('database unavailable', { command: command.kind, error: err.message });
          const writes = isWriteCommand(command);
          return failureReply('unavailable',
            writes ? 'The database is not reachable, so nothing was saved.' : 'The database is not reachable right now.',
            writes ? 'Please send the same command again in a minute.' : 'Please try again in a minute.');
        }
        throw err;
      }
    },
  };
}
