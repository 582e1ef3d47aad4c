// `holidays [year]`: New Zealand's public holidays as observed that year (and
// the deployment's regional anniversary day), the days digests and nudges move
// off. Needs no database.
import { NZ_REGIONS, publicHolidays, type PublicHoliday, type WorkingCalendar } from '../calendar/nz-holidays.js';
import { okReply, failureReply, type Reply } from '../reply.js';
import { zonedDate } from '../time.js';
import type { CommandContext } from './context.js';

/** Years the calendar answers for: the plan's and a generous margin either side. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

const dayFormat = new Intl.DateTimeFormat('en-NZ', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const day = (iso: string) => dayFormat.format(new Date(`${iso}T00:00:00Z`));

function line(h: PublicHoliday): string {
  const moved = h.fallsOn ? ` (falls on ${day(h.fallsOn)}; observed on the ${dayName(h.date)})` : '';
  return `${day(h.date)} — ${h.name}${moved}`;
}

function dayName(iso: string): string {
  return new Intl.DateTimeFormat('en-NZ', { timeZone: 'UTC', weekday: 'long' }).format(new Date(`${iso}T00:00:00Z`));
}

const POLICY_LINE: Record<WorkingCalendar['policy'], string> = {
  'next-working-day': 'Digests and nudges due on a weekend or one of these days go out on the next working day at the same time.',
  skip: 'Digests and nudges due on a weekend or one of these days are not sent (the next one comes at its usual time).',
  send: 'Digests and nudges go out on their schedule, weekends and these days included.',
};

export async function holidays(cmd: { year: string }, ctx: CommandContext): Promise<Reply> {
  const thisYear = zonedDate(ctx.now, ctx.timeZone).y;
  const text = cmd.year.trim();
  const year = text === '' ? thisYear : /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
    return failureReply('bad-input', `"${text.slice(0, 40)}" is not a year I can list holidays for.`, `Try \`holidays ${thisYear + 1}\` (years ${FIRST_YEAR}–${LAST_YEAR}).`);
  }
  const calendar = ctx.calendar ?? { policy: 'next-working-day' };
  const list = publicHolidays(year, calendar.region);
  const where = calendar.region ? `New Zealand, with ${NZ_REGIONS[calendar.region]} Anniversary Day` : 'New Zealand';
  return okReply(`Public holidays in ${year} (${where})`, [{ lines: list.map(line) }, { lines: [POLICY_LINE[calendar.policy]] }]);
}
