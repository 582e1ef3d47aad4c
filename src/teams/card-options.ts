// What the cards' update forms need to know about the conversation and the
// person: whether everyone in it sees the card (then the form says who may
// save), the items' titles and coordinators, and — in a personal chat, where
// only the person sees it — whether to offer the form at all.
import type { TurnContext } from 'botbuilder';
import { coordinatorShortNames } from '../core/describe.js';
import { checkCanUpdate } from '../core/permissions.js';
import type { Plan } from '../core/plan/plan.js';
import type { Reply, ReplyAction } from '../core/reply.js';
import { shorten } from '../core/shorten.js';
import type { RenderOptions } from './render-card.js';
import type { ItemInfo } from './update-form.js';

export function describeItems(plan: Plan): (itemId: string) => ItemInfo | undefined {
  return (itemId) => {
    const item = plan.item(itemId);
    return item ? { title: shorten(item.title ?? item.text, 80), coordinators: coordinatorShortNames(plan, item.coordinators) } : undefined;
  };
}

export function isShared(turn: TurnContext): boolean {
  return turn.activity.conversation?.conversationType !== 'personal';
}

export function renderOptions(plan: Plan, cardId: string, shared: boolean): RenderOptions {
  return { cardId, shared, describe: describeItems(plan) };
}

/**
 * The reply with only the update forms this person may use (a form that lists several items keeps
 * those they may update). For a personal chat; `actor` failing (the database away) leaves the forms,
 * and a save is still checked.
 */
export async function forViewer(reply: Reply, plan: Plan, actor: () => Promise<Parameters<typeof checkCanUpdate>[0]>): Promise<Reply> {
  if (!reply.actions.some((a) => a.kind === 'update-status')) return reply;
  let who: Parameters<typeof checkCanUpdate>[0];
  try {
    who = await actor();
  } catch {
    return reply;
  }
  const may = (id: string) => {
    const item = plan.item(id);
    return Boolean(item) && !checkCanUpdate(who, item!, plan);
  };
  const actions = reply.actions.flatMap((a): ReplyAction[] => {
    if (a.kind !== 'update-status') return [a];
    if (!a.choices) return may(a.itemId) ? [a] : [];
    const choices = a.choices.filter(may);
    if (choices.length === 0) return [];
    const itemId = choices.includes(a.itemId) ? a.itemId : choices[0]!;
    const { current, ...rest } = a;
    return [{ ...rest, itemId, choices, ...(itemId === a.itemId && current ? { current } : {}) }];
  });
  return { ...reply, actions };
}
