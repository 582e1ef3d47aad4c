// `grant <email or @user> <agency>`, `revoke …`: stewards adjust membership.
import { agencyLabel } from '../describe.js';
import { checkSteward } from '../permissions.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { listJoin, resolveAgency } from '../resolve-agency.js';
import { recordedActor } from '../identity.js';
import type { CommandContext } from './context.js';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export async function grantOrRevoke(cmd: { kind: 'grant' | 'revoke'; args: string }, ctx: CommandContext): Promise<Reply> {
  const example = `\`${cmd.kind} jane@example.govt.nz police\``;
  const m = /^(<[^>]+>|\S+)\s+(.+)$/.exec(cmd.args);
  if (!m) return failureReply('bad-input', `Whom, and which agency?`, `For example ${example}.`);
  const actor = await ctx.actor();
  const refusal = checkSteward(actor, `${cmd.kind} membership`);
  if (refusal) return refusal;

  let email = m[1]!.replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/i, '$1').toLowerCase();
  if (!EMAIL.test(email)) {
    const looked = ctx.lookupEmail ? await ctx.lookupEmail(m[1]!) : undefined;
    if (!looked) return failureReply('bad-input', `I can't find an email address for "${m[1]}".`, `Give their email, e.g. ${example}.`);
    email = looked.toLowerCase();
  }
  const match = resolveAgency(ctx.plan.agencies, m[2]!);
  if (match.kind === 'none') return failureReply('unknown-agency', `"${m[2]}" is not an agency I know.`, 'Try its short name or acronym, e.g. police, customs, MBIE, IRD.');
  if (match.kind === 'ambiguous') {
    return failureReply('ambiguous-agency', `"${m[2]}" could mean ${listJoin(match.candidates.map((a) => a.shortName), 'or')}.`, 'Say which.');
  }
  await ctx.store.recordMembership({
    email,
    agency: match.agency.id,
    effect: cmd.kind,
    by: recordedActor(actor),
    at: ctx.now,
  });
  const verb = cmd.kind === 'grant' ? 'is now a member of' : 'is no longer a member of';
  return okReply(`${email} ${verb} ${agencyLabel(match.agency)}.`);
}
