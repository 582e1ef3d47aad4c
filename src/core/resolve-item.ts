// From "13b" (or "13 b", "action 13(b)") to an action or one of its parts,
// with an error that says what would work when it names nothing.
import { readItemRef } from './item-ref.js';
import type { Plan, PlanItem } from './plan/plan.js';
import type { Action } from './plan/plan-schema.js';
import { failureReply, type Reply } from './reply.js';
import { listJoin } from './resolve-agency.js';

export type Target = { kind: 'action'; action: Action; items: PlanItem[] } | { kind: 'item'; action: Action; item: PlanItem };

export function resolveTarget(plan: Plan, text: string, example = 'show 7'): Target | Reply {
  const read = readItemRef(text);
  if (!read || read.rest !== '') {
    if (!text.trim()) return failureReply('unknown-item', 'Which action?', `Name an action or part, e.g. \`${example}\` or \`${example.replace(/\S+$/, '13b')}\`.`);
    return failureReply('unknown-item', `I could not find an action in "${text}".`, `Actions are 1–18, parts look like 13b — e.g. \`${example}\`.`);
  }
  const { ref } = read;
  const last = plan.actions.length;
  const action = plan.action(ref.action);
  if (!action) return failureReply('unknown-item', `There is no action ${ref.action} — actions are 1–${last}.`);
  const ids = plan.itemIdsOf(action);
  if (!ref.letter) {
    return { kind: 'action', action, items: ids.map((id) => plan.item(id)!) };
  }
  if (action.parts.length === 0) {
    return failureReply('unknown-item', `Action ${action.number} has no parts — did you mean ${action.number}?`);
  }
  const item = plan.item(`${action.number}${ref.letter}`);
  if (!item) {
    return failureReply('unknown-item', `There is no part ${action.number}${ref.letter} — did you mean ${listJoin(ids, 'or')}?`);
  }
  return { kind: 'item', action, item };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'code' in value && 'sections' in value;
}
