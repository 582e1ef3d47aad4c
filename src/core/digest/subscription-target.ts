// Reading "police", "all" etc. into a digest target, and who may subscribe a
// channel to it (members of the agency, and stewards; `all` is the stewards'
// whole-plan view: docs/decisions/0006).
import { agencyLabel } from '../describe.js';
import type { Actor } from '../identity.js';
import type { Plan } from '../plan/plan.js';
import { failureReply, type Reply } from '../reply.js';
import { agencyNames, listJoin, resolveAgency } from '../resolve-agency.js';
import { ALL_AGENCIES } from './digest-port.js';

export function isAllTarget(text: string): boolean {
  return /^(all|everything|the whole plan|whole plan|all agencies)$/i.test(text.trim());
}

/** An agency id or `all`, or a reply saying what was wrong. */
export function readTarget(plan: Plan, text: string, example: string): string | Reply {
  if (isAllTarget(text)) return ALL_AGENCIES;
  const match = resolveAgency(plan.agencies, text);
  if (match.kind === 'found') return match.agency.id;
  if (match.kind === 'ambiguous') {
    return failureReply('ambiguous-agency', `"${text}" could mean ${listJoin(match.candidates.map((a) => a.shortName), 'or')}.`,
      `Say which, e.g. \`${example} ${match.candidates[0]!.shortName.toLowerCase()}\`.`);
  }
  return failureReply('unknown-agency', `I don't know an agency called "${text.slice(0, 80)}".`,
    `Agencies: ${agencyNames(plan.agencies)}; or \`${example} all\` for the whole plan.`);
}

export function targetLabel(plan: Plan, target: string): string {
  if (target === ALL_AGENCIES) return 'whole-plan';
  const agency = plan.agency(target);
  return agency ? agencyLabel(agency) : target;
}

export function targetShortName(plan: Plan, target: string): string {
  return target === ALL_AGENCIES ? 'whole plan' : plan.agency(target)?.shortName ?? target;
}

/**
 * A refusal when `actor` may not act on a channel's subscription to `target`; `what` completes
 * "You can't …", e.g. "subscribe this channel to the Police digest".
 */
export function checkCanSubscribe(actor: Actor, plan: Plan, target: string, what: string): Reply | undefined {
  if (!actor.email && !actor.steward) {
    return failureReply('no-identity', `I couldn't verify your email address, so I can't let you ${what}.`,
      'Subscriptions need the email your workspace administrator has verified for you.');
  }
  if (actor.steward || actor.agencies.includes(target)) return undefined;
  if (target === ALL_AGENCIES) {
    return failureReply('not-permitted', `You can't ${what}.`,
      'Only plan stewards (the TSOC Department/Agency and the people in TSOC_ADMINS) can. Members of an agency can subscribe to its digest, e.g. `subscribe police`.');
  }
  const name = targetShortName(plan, target);
  const yours = actor.agencies.length ? ` You are in ${listJoin(actor.agencies.map((a) => targetShortName(plan, a)))}.` : '';
  return failureReply('not-permitted', `You can't ${what}.`, `Only members of ${name} (or a plan steward) can.${yours}`);
}
