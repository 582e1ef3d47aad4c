// `digest status` (stewards): how the latest slot went for each subscription —
// sent, late, failed, pending, or needing someone to look at the channel.
import type { CommandContext } from '../../commands/context.js';
import { checkSteward } from '../../permissions.js';
import { okReply, type Reply } from '../../reply.js';
import { formatDateTime } from '../../time.js';
import { owedFrom, type DeliveryRecord, type Subscription } from '../digest-port.js';
import { targetShortName } from '../subscription-target.js';
import type { DigestCommandDeps } from './deps.js';
import { scheduleLine } from './subscribe.js';
import { channelLabel } from './subscriptions.js';

type Kind = 'sent' | 'late' | 'failed' | 'attention' | 'pending' | 'not due';

function describe(sub: Subscription, record: DeliveryRecord | undefined, slot: Date, ctx: CommandContext, deps: DigestCommandDeps): { kind: Kind; text: string } {
  const at = (d: Date) => formatDateTime(d, ctx.timeZone);
  if (!record) {
    if (owedFrom(sub).getTime() > slot.getTime()) return { kind: 'not due', text: 'not due yet (subscribed after this slot)' };
    if (!deps.deliverable().includes(sub.platform)) {
      return { kind: 'pending', text: `pending: this server has no ${sub.platform === 'slack' ? 'Slack' : 'Teams'} connection to send it` };
    }
    return { kind: 'pending', text: 'pending (not started yet)' };
  }
  const tries = `${record.attempts} ${record.attempts === 1 ? 'try' : 'tries'}`;
  switch (record.state) {
    case 'sent': {
      const how = record.recovered ? ', confirmed on the platform after an interrupted post' : '';
      return { kind: record.late ? 'late' : 'sent', text: `${record.late ? 'sent late' : 'sent'} ${at(record.at ?? record.claimedAt)}${how}` };
    }
    case 'failed':
      return { kind: 'failed', text: `FAILED after ${tries}: ${record.error ?? 'unknown error'}` };
    case 'unknown':
      return {
        kind: 'attention',
        text: `NEEDS ATTENTION: ${record.error ?? 'the bot stopped while posting it'}. Check the channel; it was not sent again, to avoid a duplicate.`,
      };
    default:
      return { kind: 'pending', text: `pending (started ${at(record.claimedAt)}, ${tries} so far${record.late ? ', late' : ''})` };
  }
}

const ORDER: Kind[] = ['failed', 'attention', 'pending', 'late', 'sent', 'not due'];

export async function digestStatus(ctx: CommandContext, deps: DigestCommandDeps): Promise<Reply> {
  const refused = checkSteward(await ctx.actor(), 'see digest status');
  if (refused) return refused;
  const slot = deps.schedule.latest(ctx.now);
  const subs = await deps.digests.subscriptions();
  if (!slot) return okReply('No digest has been due yet.', [{ lines: [scheduleLine(deps, ctx)] }]);
  const records = await deps.digests.deliveries(slot);
  const rows = subs.map((sub) => ({ sub, ...describe(sub, records.get(sub.id), slot, ctx, deps) }));
  rows.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.sub.agency.localeCompare(b.sub.agency));
  const count = (k: Kind) => rows.filter((r) => r.kind === k).length;
  const summary = ORDER.filter((k) => count(k) > 0).map((k) => `${count(k)} ${k === 'attention' ? 'need attention' : k}`).join(', ');
  return okReply(`Digests due ${formatDateTime(slot, ctx.timeZone)}: ${summary || 'no subscriptions'}`, [
    { lines: rows.map((r) => `${targetShortName(ctx.plan, r.sub.agency)} → ${channelLabel(r.sub)}: ${r.text}`) },
    { lines: [scheduleLine(deps, ctx)] },
  ]);
}
