// `away until <date> [note]` and `back`: time away, so nobody is nudged while
// on leave, and digests can say who is away when their items go stale.
// `until` names the first day back.
import type { AwayStore } from '../away-port.js';
import { recordedActor } from '../identity.js';
import { answer, failure, type Reply } from '../reply.js';
import { MAX_NOTE_LENGTH } from '../text-input.js';
import { readForwardDay } from '../forward-date.js';
import { zonedDate, zonedTime } from '../time.js';
import type { CommandContext } from './context.js';

const DATE = /^(?:until\s+|till\s+|to\s+)?(\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}(?:\s+\d{4})?)(?:\s+|$)([\s\S]*)$/i;
/** Longer than any leave worth recording here; a typo of the year is caught. */
const MAX_AWAY_DAYS = 366;

const dayFormat = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-NZ', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);

/** The start of the day `text` names, looking forward: "10 Jan" is the next 10 January. */
function firstDayBack(text: string, ctx: CommandContext): Date | undefined {
  const day = readForwardDay(text, ctx.now, ctx.timeZone);
  return day && zonedTime(day.y, day.m, day.d, 0, 0, 0, 0, ctx.timeZone);
}

export async function away(cmd: { args: string }, ctx: CommandContext & { away?: AwayStore }): Promise<Reply> {
  if (!ctx.away) return failure('unavailable', 'Time away is not recorded on this server.');
  const example = 'Try `away until 2027-01-10 Annual leave` (the date is your first day back).';
  const m = DATE.exec(cmd.args.trim());
  if (!m) return failure('bad-input', 'Say when you will be back.', example);
  const until = firstDayBack(m[1]!, ctx);
  if (!until) return failure('bad-input', `I can't read the date "${m[1]!.slice(0, 40)}".`, example);
  const today = zonedDate(ctx.now, ctx.timeZone);
  if (until.getTime() <= zonedTime(today.y, today.m, today.d, 0, 0, 0, 0, ctx.timeZone).getTime()) {
    return failure('bad-input', `${dayFormat(until, ctx.timeZone)} is today or already past.`, example);
  }
  if (until.getTime() - ctx.now.getTime() > MAX_AWAY_DAYS * 86_400_000) {
    return failure('bad-input', `${dayFormat(until, ctx.timeZone)} is more than a year away.`, example);
  }
  const note = (m[2] ?? '').trim();
  if (note.length > MAX_NOTE_LENGTH) {
    return failure('bad-input', `That note is ${note.length.toLocaleString('en-NZ')} characters; the limit is ${MAX_NOTE_LENGTH.toLocaleString('en-NZ')}.`, 'Nothing was saved.');
  }
  const actor = await ctx.actor();
  if (!actor.email) return failure('no-identity', 'I could not confirm your email, so I cannot record time away for you.');
  await ctx.away.record({ email: actor.email, effect: 'away', until, note, by: recordedActor(actor), at: ctx.now });
  return answer(`You are away until ${dayFormat(until, ctx.timeZone)}${note ? ` — ${note}` : ''}.`, [
    { lines: ['No reminders will come to you until then; digests will say you are away. Say `back` if you return sooner.'] },
  ]);
}

export async function back(ctx: CommandContext & { away?: AwayStore }): Promise<Reply> {
  if (!ctx.away) return failure('unavailable', 'Time away is not recorded on this server.');
  const actor = await ctx.actor();
  if (!actor.email) return failure('no-identity', 'I could not confirm your email, so I cannot record time away for you.');
  const current = (await ctx.away.awayAt(ctx.now)).get(actor.email);
  if (!current) return answer('Welcome back — you were not marked as away.');
  await ctx.away.record({ email: actor.email, effect: 'back', note: '', by: recordedActor(actor), at: ctx.now });
  return answer('Welcome back. Reminders about your agency’s items will reach you again.');
}
