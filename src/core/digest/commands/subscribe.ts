// `subscribe <agency|all>` and `unsubscribe`, run in the channel (Slack) or
// conversation (Teams) that should get the digest.
import type { CommandContext } from '../../commands/context.js';
import { recordedActor } from '../../identity.js';
import { okReply, failureReply, type Reply } from '../../reply.js';
import { formatDateTime } from '../../time.js';
import type { ChatPlatform } from '../../identity.js';
import { subscriptionId } from '../digest-port.js';
import { checkCanSubscribe, readTarget, targetShortName } from '../subscription-target.js';
import type { DigestCommandDeps } from './deps.js';

export function channelOf(ctx: CommandContext): { platform: ChatPlatform; channelId: string } | undefined {
  const { platform, channelId } = ctx.request;
  return platform !== 'cli' && channelId ? { platform, channelId } : undefined;
}

export function noChannel(command: string): Reply {
  return failureReply('bad-input', 'Subscriptions belong to a channel, and this has none.',
    `Run \`${command}\` in the Slack channel, or the Teams channel or chat, that should get the weekly digest (after adding the bot there).`);
}

export function scheduleLine(deps: DigestCommandDeps, ctx: CommandContext): string {
  const next = deps.schedule.next(ctx.now);
  return `Next digest: ${formatDateTime(next, deps.schedule.timeZone)} (schedule \`${deps.schedule.expression}\`, ${deps.schedule.timeZone}).`;
}

function platformName(p: ChatPlatform): string {
  return p === 'slack' ? 'Slack' : 'Teams';
}

export async function subscribe(cmd: { agency: string }, ctx: CommandContext, deps: DigestCommandDeps): Promise<Reply> {
  const channel = channelOf(ctx);
  if (!channel) return noChannel(cmd.agency ? `subscribe ${cmd.agency}` : 'subscribe police');
  if (!cmd.agency) {
    return failureReply('bad-input', 'Subscribe this channel to which agency?', 'Try `subscribe police`, or `subscribe all` (stewards) for the whole plan.');
  }
  const target = readTarget(ctx.plan, cmd.agency, 'subscribe');
  if (typeof target !== 'string') return target;
  const name = targetShortName(ctx.plan, target);
  const actor = await ctx.actor();
  const refused = checkCanSubscribe(actor, ctx.plan, target, `subscribe this channel to the ${name} digest`);
  if (refused) return refused;
  const id = subscriptionId(channel.platform, channel.channelId);
  const existing = await deps.digests.subscription(id);
  if (existing?.agency === target) {
    return okReply(`This channel already gets the ${name} digest.`, [{ lines: [scheduleLine(deps, ctx)] }]);
  }
  if (existing) {
    const old = targetShortName(ctx.plan, existing.agency);
    const cannot = checkCanSubscribe(actor, ctx.plan, existing.agency, `replace this channel's ${old} digest`);
    if (cannot) return cannot;
  }
  await deps.digests.subscribe({ id, ...channel, agency: target, by: recordedActor(actor), since: ctx.now });
  const lines = [scheduleLine(deps, ctx), 'Try `digest preview` to see it now; `unsubscribe` stops it.'];
  if (existing) lines.unshift(`It replaces the ${targetShortName(ctx.plan, existing.agency)} digest this channel got before.`);
  if (!deps.deliverable().includes(channel.platform)) {
    lines.push(`This server has no ${platformName(channel.platform)} connection for sending digests, so they will wait until it has one.`);
  }
  return okReply(`This channel will get the ${name} digest.`, [{ lines }]);
}

export async function unsubscribe(ctx: CommandContext, deps: DigestCommandDeps): Promise<Reply> {
  const channel = channelOf(ctx);
  if (!channel) return noChannel('unsubscribe');
  const id = subscriptionId(channel.platform, channel.channelId);
  const existing = await deps.digests.subscription(id);
  if (!existing) return okReply('This channel has no digest subscription.', [{ lines: ['Nothing to stop. `subscribe police` (or another agency) starts one.'] }]);
  const name = targetShortName(ctx.plan, existing.agency);
  const refused = checkCanSubscribe(await ctx.actor(), ctx.plan, existing.agency, `unsubscribe this channel from the ${name} digest`);
  if (refused) return refused;
  await deps.digests.unsubscribe(id);
  return okReply(`This channel will no longer get the ${name} digest.`, [{ lines: [`\`subscribe ${existing.agency}\` starts it again.`] }]);
}
