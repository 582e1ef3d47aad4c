// Turns command text into a Command value. Pure and deterministic: no plan, no
// store, no network; whether "13d" or "police" exist is decided later, when the
// command runs. The rules live in ./grammar: filler words come off first, then
// each rule reads one way of saying a command; when none does, misspelt command
// words are corrected and the rules tried once more (the result says so).
import { isWriteCommand, type Command, type CommandBody } from './grammar/command.js';
import { fillerFreeRange, plainPunctuation } from './grammar/clean.js';
import { RULES } from './grammar/rules.js';
import { readSmallTalk } from './grammar/small-talk.js';
import { readStatement, normaliseUpdate } from './grammar/targets.js';
import { correctCommandWords } from './grammar/typos.js';
import { normaliseCommand } from './text-input.js';

export type { Command, CommandBody } from './grammar/command.js';
export { isWriteCommand };

const WRITE_VERB = /^(?:update|set|grant|revoke|tag|mark|change|move|flag|put|switch|milestones?\s+(?:add|new|done|complete|completed|move|moved|remove|delete)|sign[\s-]?off|reject|away|i\s*(?:'m|am)\s+away)\b/i;

/**
 * Tries each rule on the folded words; what a rule keeps (targets, notes, emails) is taken from
 * the same positions in the words as typed, so "Police’s" stays "Police’s".
 */
function applyRules(typed: string): CommandBody | undefined {
  const folded = plainPunctuation(typed);
  for (const rule of RULES_WITH_INDICES) {
    const m = rule.pattern.exec(folded);
    if (!m) continue;
    const restored = [...m] as unknown as RegExpExecArray;
    restored.index = m.index;
    restored.input = typed;
    m.indices?.forEach((span, i) => {
      if (i > 0 && span) restored[i] = typed.slice(span[0], span[1]);
    });
    const command = rule.build(restored);
    if (command.kind !== 'unknown') return command;
  }
  return undefined;
}

/** The rules with match indices on (the `d` flag), compiled once. */
const RULES_WITH_INDICES = RULES.map((rule) => ({ ...rule, pattern: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace('d', '')}d`) }));

/** Reads the words once fillers are off: small talk, a rule, or a statement like "7 is at risk - late". */
function read(text: string): CommandBody | undefined {
  const talk = readSmallTalk(plainPunctuation(text));
  if (talk) return { kind: 'small-talk', topic: talk };
  // A question stays a question: "7 is at risk?" asks; the mark ends it, it is not an argument.
  const asked = /\?\s*$/.test(text);
  const statement = readStatement(text.replace(/[\s?]+$/, ''));
  if (statement && asked) return { kind: 'status', target: statement.ref };
  if (statement && statement.joined) return { kind: 'update', target: normaliseUpdate(`${statement.ref} ${statement.rest}`) };
  // Notes keep their question marks ("update 13b at-risk Is legal advice due?").
  const words = WRITE_VERB.test(text) || text === '?' ? text : text.replace(/[\s?]+$/, '') || text;
  return applyRules(words);
}

export function parseCommand(input: string): Command {
  const typed = normaliseCommand(input);
  const plain = plainPunctuation(typed);
  // "Hello there!" is a greeting as a whole, before "hello" comes off as a filler.
  const talk = readSmallTalk(plain.replace(/^\/?tsoc\b[\s:,]*/i, ''));
  if (talk) return { kind: 'small-talk', topic: talk };
  const [start, end] = fillerFreeRange(plain);
  const text = typed.slice(start, end);
  if (text === '') return { kind: 'help' };
  const direct = read(text);
  if (direct) return direct;
  const corrected = correctCommandWords(text);
  if (corrected) {
    const guessed = read(corrected);
    if (guessed) return { ...guessed, corrected: renderCommand(guessed) ?? corrected };
  }
  // "7 on track Team recruited": an update without its verb is a guess, shown and not run.
  const bare = readStatement(text);
  if (bare) return { kind: 'update', target: normaliseUpdate(`${bare.ref} ${bare.rest}`), corrected: `update ${normaliseUpdate(`${bare.ref} ${bare.rest}`)}` };
  return { kind: 'unknown', text: text.replace(/[\s?]+$/, '') || text };
}

/** The plain command a person would type for a command (used to show what was understood). */
export function renderCommand(command: CommandBody): string | undefined {
  switch (command.kind) {
    case 'help': return 'help';
    case 'who': return `who coordinates ${command.target}`.trim();
    case 'show': return command.focus ? `success ${command.target}`.trim() : `show ${command.target}`.trim();
    case 'list': return `list ${command.filter}`.trim();
    case 'search': return `search ${command.query}`.trim();
    case 'update': return `update ${command.target}`.trim();
    case 'status':
    case 'history': return `${command.kind} ${command.target}${command.asOf ? ` as of ${command.asOf}` : ''}`.replace(/\s+/g, ' ').trim();
    case 'changes': {
      const since = !command.since ? '' : /^(?:this|last|past|today|yesterday|recently|lately)\b/i.test(command.since) ? command.since : `since ${command.since}`;
      return ['changes', command.filter ? `for ${command.filter}` : '', since].filter(Boolean).join(' ');
    }
    case 'whoami': return 'whoami';
    case 'grant':
    case 'revoke': return `${command.kind} ${command.args}`.trim();
    case 'tag': return `tag ${command.args}`.trim();
    case 'subscribe': return `subscribe ${command.agency}`.trim();
    case 'unsubscribe': return 'unsubscribe';
    case 'subscriptions': return 'subscriptions';
    case 'digest-preview': return `digest preview ${command.agency}`.trim();
    case 'digest-status': return 'digest status';
    case 'terminal-only': return command.word;
    case 'board': return 'board';
    case 'holidays': return `holidays ${command.year}`.trim();
    case 'away': return `away ${command.args}`.trim();
    case 'back': return 'back';
    case 'milestone': return `milestone ${command.verb} ${command.args}`.trim();
    case 'milestones': return `milestones ${command.target}`.trim();
    case 'overdue': return 'overdue';
    case 'sign-off': return `sign off ${command.args}`.trim();
    case 'reject': return `reject ${command.args}`.trim();
    default: return undefined;
  }
}
