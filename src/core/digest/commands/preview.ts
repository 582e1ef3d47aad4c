// `digest preview [agency]`: the digest as it would be posted now, shown only
// to the person asking. Without an agency: this channel's subscription, else
// the asker's own agency, else the whole plan.
import type { CommandContext } from '../../commands/context.js';
import type { Reply } from '../../reply.js';
import { buildDigest } from '../build-digest.js';
import { digestItems } from '../digest-model.js';
import { ALL_AGENCIES, subscriptionId } from '../digest-port.js';
import { loadSnapshot } from '../load-updates.js';
import { joinPages } from '../paginate.js';
import { readTarget } from '../subscription-target.js';
import type { DigestCommandDeps } from './deps.js';
import { channelOf } from './subscribe.js';

async function defaultTarget(ctx: CommandContext, deps: DigestCommandDeps): Promise<string> {
  const channel = channelOf(ctx);
  if (channel) {
    const sub = await deps.digests.subscription(subscriptionId(channel.platform, channel.channelId));
    if (sub) return sub.agency;
  }
  const actor = await ctx.actor();
  return actor.agencies.length === 1 && !actor.steward ? actor.agencies[0]! : ALL_AGENCIES;
}

export async function preview(cmd: { agency: string }, ctx: CommandContext, deps: DigestCommandDeps): Promise<Reply> {
  const target = cmd.agency ? readTarget(ctx.plan, cmd.agency, 'digest preview') : await defaultTarget(ctx, deps);
  if (typeof target !== 'string') return target;
  const snapshot = await loadSnapshot(ctx.store, digestItems(ctx.plan, target).map((i) => i.id), ctx.now);
  const since = deps.schedule.latest(ctx.now);
  const planStart = await deps.planStart();
  const pages = buildDigest({
    plan: ctx.plan, agency: target, ...snapshot, ...(since ? { since } : {}),
    timeZone: ctx.timeZone, staleAfterDays: ctx.staleAfterDays, planStart,
  });
  return joinPages(pages, `Preview: ${pages[0]!.title.replace(/ \(\d+\/\d+\)$/, '')}`);
}
