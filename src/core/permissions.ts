// Who may do what (docs/decisions/0006-identity-from-verified-email.md). Refusals name who can.
import { coordinatorShortNames } from './describe.js';
import type { Actor } from './identity.js';
import type { Plan, PlanItem } from './plan/plan.js';
import { failureReply, type Reply } from './reply.js';

/** A refusal when the actor may not update the item; undefined when they may. */
export function checkCanUpdate(actor: Actor, item: PlanItem, plan: Plan): Reply | undefined {
  if (!actor.email && !actor.steward) {
    return failureReply(
      'no-identity',
      `I couldn't verify your email address, so I can't record an update from you.`,
      'Look-ups still work. Updates need the email your workspace administrator has verified for you (Slack: users:read.email; Teams: your account’s email).',
    );
  }
  if (actor.steward || item.coordinators.some((id) => actor.agencies.includes(id))) return undefined;
  const yours = actor.agencies.length ? ` You are in ${coordinatorShortNames(plan, actor.agencies)}.` : '';
  return failureReply(
    'not-permitted',
    `You can't update ${item.id}.`,
    `Only members of ${coordinatorShortNames(plan, item.coordinators)} (or a plan steward) can update ${item.id}.${yours}`,
  );
}

export function checkSteward(actor: Actor, what: string): Reply | undefined {
  if (actor.steward) return undefined;
  return failureReply('not-permitted', `Only plan stewards can ${what}.`, 'Stewards are the TSOC Department/Agency and the people in TSOC_ADMINS.');
}
