// `away until <date> [note]` and `back`: time away, so nobody is nudged while
// on leave, and digests can say who is away when their items go stale.
// `until` names the first day back.
import type { AwayStore } from '../away-port.js';
import { recordedActor } from '../identity.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { MAX_NOTE_LENGTH } from '../text-input.js';
import { splitLeadingDay } from '../forward-date.js';
import { dateFormat, zonedDate, zonedTime } from '../time.js';
import type { CommandContext } from './context.js';

/** Longer than any leave worth recording here; a typo of the year is caught. */
const MAX_AWAY_DAYS = 366;

const dayFormat = (at: Date, timeZone: string) =>
  dateFormat('en-NZ', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);

export async function away(cmd: { args: string }, ctx: CommandContext & { away?: AwayStore }): Promise<Reply> {
  if (!ctx.away) return failureReply('unavailable', 'Time away is not recorded on this server.');
  const example = 'Try `away until 2027-01-10 Annual leave` (the date is your first day back).';
  const asked = /^(?:until|till|til|to|back)\s+([\s\S]*)$/i.exec(cmd.args.trim());
  const words = (asked?.[1] ?? cmd.args).trim();
  const read = splitLeadingDay(words, ctx.now, ctx.timeZone);
  if (!read) {
    return failureReply('bad-input', asked && words ? `I can't read the date "${words.slice(0, 40)}".` : 'Say when you will be back.', example);
  }
  const until = zonedTime(read.day.y, read.day.m, read.day.d, 0, 0, 0, 0, ctx.timeZone);
  const today = zonedDate(ctx.now, ctx.timeZone);
  if (until.getTime() <= zonedTime(today.y, today.m, today.d, 0, 0, 0, 0, ctx.timeZone).getTime()) {
    return failureReply('bad-input', `${dayFormat(until, ctx.timeZone)} is today or already past.`, example);
  }
  if (until.getTime() - ctx.now.getTime() > MAX_AWAY_DAYS * 86_400_000) {
    return failureReply('bad-input', `${dayFormat(until, ctx.timeZone)} is more than a year away.`, example);
  }
  const note = read.rest;
  if (note.length > MAX_NOTE_LENGTH) {
    return failureReply('bad-input', `That note is ${note.length.toLocaleString('en-NZ')} characters; the limit is ${MAX_NOTE_LENGTH.toLocaleString('en-NZ')}.`, 'Nothing was saved.');
  }
  const actor = await ctx.actor();
  if (!actor.email) return failureReply('no-identity', 'I could not confirm your email, so I cannot record time away for you.');
  await ctx.away.record({ email: actor.email, effect: 'away', until, note, by: recordedActor(actor), at: ctx.now });
  return okReply(`You are away until ${dayFormat(until, ctx.timeZone)}${note ? ` — ${note}` : ''}.`, [
    { lines: ['No reminders will come to you until then; digests will say you are away. Say `back` if you return sooner.'] },
  ]);
}

export async function back(ctx: CommandContext & { away?: AwayStore }): Promise<Reply> {
  if (!ctx.away) return failureReply('unavailable', 'Time away is not recorded on this server.');
  const actor = await ctx.actor();
  if (!actor.email) return failureReply('no-identity', 'I could not confirm your email, so I cannot record time away for you.');
  const current = (await ctx.away.awayAt(ctx.now)).get(actor.email);
  if (!current) return okReply('Welcome back — you were not marked as away.');
  await ctx.away.record({ email: actor.email, effect: 'back', note: '', by: recordedActor(actor), at: ctx.now });
  return okReply('Welcome back. Reminders about your agency’s items will reach you again.');
}
