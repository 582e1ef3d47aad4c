// `help`: what the bot understands, with examples that work as typed.
import { answer, type Reply } from '../reply.js';
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
  return answer('TSOC Action Plan 2026–2030 — what you can ask', [
    { lines: HELP_EXAMPLES.map(([cmd, what]) => `${cmd} — ${what}`) },
    { heading: 'Stewards', lines: STEWARD_EXAMPLES.map(([cmd, what]) => `${cmd} — ${what}`) },
  ]);
}
