// `help`: what the bot understands, with examples that work as typed.
import type { SmallTalk, TerminalWord } from '../grammar/command.js';
import type { Platform } from '../identity.js';
import { okReply, type Reply } from '../reply.js';
import { STATUS_HELP } from '../status.js';

export const HELP_EXAMPLES: Array<[string, string]> = [
  ['who coordinates 13b', 'which agencies coordinate an action or part'],
  ['show 7', 'an action: text, coordinators, status, what success looks like'],
  ['what does success look like for 17', 'the success statements'],
  ['list police', 'what an agency coordinates (also: list first priority, list at-risk, list stale)'],
  ['search money laundering', 'search titles, text and success statements'],
  ['update 7 on-track Team recruited', `record a status (${STATUS_HELP}); at-risk and off-track need a reason`],
  ['status 7', 'current status (status on its own: the whole plan; add "as of 2026-10-01")'],
  ['history 13b', 'every update to an action or part'],
  ['what changed this week', 'what moved, who moved it and why (also: changes since 1 Nov, what\u2019s new for police)'],
  ['whoami', 'your agency and what you may update'],
  ['subscribe police', 'a weekly digest of an agency’s actions in this channel (also: unsubscribe, subscriptions)'],
  ['digest preview police', 'see that digest now, just for you'],
];

export const STEWARD_EXAMPLES: Array<[string, string]> = [
  ['grant jane@example.govt.nz police', 'add someone to an agency'],
  ['revoke jane@example.govt.nz police', 'remove them again'],
  ['tag 3 detect dismantle border', 'set an action’s priority and focus areas'],
  ['subscribe all', 'a whole-plan digest in this channel'],
  ['digest status', 'whether each channel’s latest digest went out'],
];

export async function help(): Promise<Reply> {
  return okReply('TSOC Action Plan 2026–2030 — what you can ask', [
    { lines: HELP_EXAMPLES.map(([cmd, what]) => `${cmd} — ${what}`) },
    { heading: 'Stewards', lines: STEWARD_EXAMPLES.map(([cmd, what]) => `${cmd} — ${what}`) },
  ]);
}

/** Things to try, in the words people use. */
const STARTERS = [
  "who's in charge of 13b?",
  'what is Customs doing',
  'anything at risk?',
  'what changed this week',
  'update 7 on track Team recruited',
];

/** Greetings, thanks and "what can you do": short and friendly, with a few things to try. */
export async function smallTalk(topic: SmallTalk): Promise<Reply> {
  if (topic === 'thanks') return okReply('You’re welcome — ngā mihi!', [{ lines: ['Anything else? Try `what changed this week`, or `help` for everything I understand.'] }]);
  const title = topic === 'hello'
    ? 'Kia ora! I keep track of the TSOC Action Plan 2026–2030.'
    : 'I keep track of the TSOC Action Plan 2026–2030: who coordinates each action, how it is going, and what changed.';
  return okReply(title, [
    { heading: 'Ask me things like', lines: STARTERS },
    { lines: ['Plain words are fine. Type `help` for everything I understand.'] },
  ]);
}

const TERMINAL: Record<TerminalWord, { what: string; command: string }> = {
  export: { what: 'An export (every action’s current status and the full history, as CSV or JSON)', command: 'npx tsoc export --format csv > tsoc.csv' },
  report: { what: 'The quarterly report', command: 'npx tsoc report --quarter 2026-Q4 --out report.pdf' },
  audit: { what: 'The audit log (checking it, or exporting it for an information request)', command: 'npx tsoc audit verify' },
};

/** Words only the terminal serves: chat says what to do instead. */
export async function terminalOnly(word: TerminalWord, platform: Platform): Promise<Reply> {
  const t = TERMINAL[word];
  if (platform === 'cli') {
    return okReply(`Run it as \`${t.command.replace(/^npx /, '')}\`.`, [{ lines: ['`tsoc --help` lists what this terminal can do.'] }]);
  }
  return okReply(`${t.what} comes from a terminal, not chat.`, [
    { lines: [`On the bot’s server, run \`${t.command}\`.`, 'In chat, `history 7` shows one action’s updates and `what changed this week` what moved lately.'] },
  ]);
}
