// `tag 3 detect dismantle border`: a steward sets an action's priority and focus areas.
import { readItemRef } from '../item-ref.js';
import { checkSteward } from '../permissions.js';
import { FOCUS_AREAS, PRIORITY_AREAS, type FocusArea, type PriorityArea } from '../plan/plan-schema.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { recordedActor } from '../identity.js';
import type { CommandContext } from './context.js';

export async function tag(cmd: { args: string }, ctx: CommandContext): Promise<Reply> {
  const valid = `Priority areas: ${PRIORITY_AREAS.join(', ')}. Focus areas: ${FOCUS_AREAS.join(', ')}. \`none\` clears them.`;
  const read = readItemRef(cmd.args);
  if (!read) return failureReply('bad-input', 'Which action, and which areas?', `For example \`tag 3 detect dismantle border\`. ${valid}`);
  const action = ctx.plan.action(read.ref.action);
  if (!action) return failureReply('unknown-item', `There is no action ${read.ref.action} — actions are 1–${ctx.plan.actions.length}.`);
  if (read.ref.letter) return failureReply('bad-input', `Areas belong to whole actions: \`tag ${action.number} …\`.`);
  const words = read.rest.toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return failureReply('bad-input', `Which areas for action ${action.number}?`, valid);
  const priorityAreas: PriorityArea[] = [];
  const focusAreas: FocusArea[] = [];
  const clear = words.length === 1 && ['none', 'clear'].includes(words[0]!);
  if (!clear) {
    const unknown = words.filter((w) => !(PRIORITY_AREAS as readonly string[]).includes(w) && !(FOCUS_AREAS as readonly string[]).includes(w));
    if (unknown.length) return failureReply('bad-input', `"${unknown.join('", "')}" ${unknown.length === 1 ? 'is not an area' : 'are not areas'}.`, valid);
    for (const w of new Set(words)) {
      if ((PRIORITY_AREAS as readonly string[]).includes(w)) priorityAreas.push(w as PriorityArea);
      else focusAreas.push(w as FocusArea);
    }
  }
  const actor = await ctx.actor();
  const refusal = checkSteward(actor, 'tag actions');
  if (refusal) return refusal;
  await ctx.store.recordTags({
    action: action.number, priorityAreas, focusAreas, at: ctx.now,
    by: recordedActor(actor),
  });
  return okReply(clear ? `Cleared the areas of action ${action.number}.` : `Action ${action.number} tagged.`, [{
    lines: [], fields: [
      { label: 'Priority areas', value: priorityAreas.join(', ') || '—' },
      { label: 'Focus areas', value: focusAreas.join(', ') || '—' },
    ],
  }]);
}
