// `subscriptions`: this channel's subscription; stewards also see every one.
import type { CommandContext } from '../../commands/context.js';
import { okReply, type Reply, type ReplySection } from '../../reply.js';
import { formatDate } from '../../time.js';
import { subscriptionId, type Subscription } from '../digest-port.js';
import { targetShortName } from '../subscription-target.js';
import type { DigestCommandDeps } from './deps.js';
import { channelOf, scheduleLine } from './subscribe.js';

export function channelLabel(s: Pick<Subscription, 'platform' | 'channelId'>): string {
  return `${s.platform === 'slack' ? 'Slack channel' : 'Teams conversation'} ${s.channelId}`;
}

export async function subscriptions(ctx: CommandContext, deps: DigestCommandDeps): Promise<Reply> {
  const channel = channelOf(ctx);
  const here = channel ? await deps.digests.subscription(subscriptionId(channel.platform, channel.channelId)) : undefined;
  const title = !channel
    ? 'Digest subscriptions'
    : here
      ? `This channel gets the ${targetShortName(ctx.plan, here.agency)} digest.`
      : 'This channel has no digest subscription.';
  const sections: ReplySection[] = [];
  if (here) sections.push({ lines: [`Subscribed by ${here.by.displayName} on ${formatDate(here.since, ctx.timeZone)}.`, scheduleLine(deps, ctx)] });
  else if (channel) sections.push({ lines: ['`subscribe police` (or another agency) starts one.'] });
  const actor = await ctx.actor();
  if (!actor.steward) {
    if (!channel) sections.push({ lines: ['Run `subscriptions` in a channel to see its subscription.'] });
    return okReply(title, sections);
  }
  const all = await deps.digests.subscriptions();
  all.sort((a, b) => a.agency.localeCompare(b.agency) || a.id.localeCompare(b.id));
  sections.push({
    heading: `Every subscription (${all.length})`,
    lines: all.length
      ? all.map((s) => `${targetShortName(ctx.plan, s.agency)}: ${channelLabel(s)} (by ${s.by.displayName}, ${formatDate(s.since, ctx.timeZone)})`)
      : ['None yet.'],
  });
  return okReply(title, sections);
}
