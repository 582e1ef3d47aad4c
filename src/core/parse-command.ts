// Turns command text into a Command value. Pure: no plan, no store; whether
// "13d" or "police" exist is decided later, when the command runs.
import { normaliseCommand, stripTrailingPunctuation } from './text-input.js';

export type Command =
  | { kind: 'help' }
  | { kind: 'who'; target: string }
  | { kind: 'show'; target: string; focus?: 'success' }
  | { kind: 'list'; filter: string }
  | { kind: 'search'; query: string }
  | { kind: 'update'; target: string }
  | { kind: 'status'; target: string; asOf?: string }
  | { kind: 'history'; target: string; asOf?: string }
  | { kind: 'whoami' }
  | { kind: 'grant' | 'revoke'; args: string }
  | { kind: 'tag'; args: string }
  | { kind: 'subscribe'; agency: string }
  | { kind: 'unsubscribe' }
  | { kind: 'subscriptions' }
  | { kind: 'digest-preview'; agency: string }
  | { kind: 'digest-status' }
  | { kind: 'board' }
  | { kind: 'unknown'; text: string };

/** Commands that change stored data: when they fail, users must hear that nothing was saved. */
const WRITE_KINDS: ReadonlySet<Command['kind']> = new Set(['update', 'grant', 'revoke', 'tag', 'subscribe', 'unsubscribe']);

export function isWriteCommand(command: Command): boolean {
  return WRITE_KINDS.has(command.kind);
}

interface Rule {
  pattern: RegExp;
  build: (m: RegExpExecArray) => Command;
}

const arg = (m: RegExpExecArray, i = 1) => stripTrailingPunctuation(m[i] ?? '');

// Order matters only between rules whose patterns overlap; each names its verb.
const RULES: Rule[] = [
  { pattern: /^(?:help|\?+|commands|usage)$/i, build: () => ({ kind: 'help' }) },
  {
    pattern: /^(?:who\s+(?:coordinates|leads|is\s+responsible\s+for|owns|runs|is\s+coordinating|is\s+leading)|coordinators?\s+(?:of|for))\s+(.*)$/i,
    build: (m) => ({ kind: 'who', target: arg(m) }),
  },
  {
    pattern: /^(?:what\s+does\s+success\s+look\s+like\s+(?:for|in|on)|success\s+(?:for\s+)?)\s*(.*)$/i,
    build: (m) => ({ kind: 'show', target: arg(m), focus: 'success' }),
  },
  { pattern: /^(?:show|what\s+is|what's|tell\s+me\s+about|describe)\s+(.*)$/i, build: (m) => ({ kind: 'show', target: arg(m) }) },
  { pattern: /^what\s+does\s+(.+?)\s+(?:coordinate|lead|own|run)s?$/i, build: (m) => ({ kind: 'list', filter: arg(m) }) },
  { pattern: /^(?:list|ls|actions)(?:\s+(.*))?$/i, build: (m) => ({ kind: 'list', filter: arg(m) }) },
  { pattern: /^(?:search|find)(?:\s+(?:for\s+)?(.*))?$/i, build: (m) => ({ kind: 'search', query: arg(m) }) },
  { pattern: /^(?:update|set)(?:\s+(.*))?$/i, build: (m) => ({ kind: 'update', target: (m[1] ?? '').trim() }) },
  {
    pattern: /^(status|history)(?:\s+(.*))?$/i,
    build: (m) => {
      const kind = m[1]!.toLowerCase() as 'status' | 'history';
      // "status 7 as of 2026-10-01", "history 13b as at 1 Oct", "status as of last week"
      const asOf = /^(.*?)\s*\bas\s+(?:of|at)\s+(.+)$/i.exec(m[2] ?? '');
      if (asOf) return { kind, target: stripTrailingPunctuation(asOf[1]!), asOf: stripTrailingPunctuation(asOf[2]!) };
      return { kind, target: arg(m, 2) };
    },
  },
  { pattern: /^(?:who\s*am\s*i|whoami|me)$/i, build: () => ({ kind: 'whoami' }) },
  { pattern: /^(grant|revoke)(?:\s+(.*))?$/i, build: (m) => ({ kind: m[1]!.toLowerCase() as 'grant' | 'revoke', args: (m[2] ?? '').trim() }) },
  { pattern: /^tag(?:\s+(.*))?$/i, build: (m) => ({ kind: 'tag', args: (m[1] ?? '').trim() }) },
  { pattern: /^subscribe(?:\s+(.*))?$/i, build: (m) => ({ kind: 'subscribe', agency: arg(m) }) },
  { pattern: /^unsubscribe\b.*$/i, build: () => ({ kind: 'unsubscribe' }) },
  { pattern: /^subscriptions?$/i, build: () => ({ kind: 'subscriptions' }) },
  { pattern: /^digest\s+preview(?:\s+(.*))?$/i, build: (m) => ({ kind: 'digest-preview', agency: arg(m) }) },
  { pattern: /^digest\s+status$/i, build: () => ({ kind: 'digest-status' }) },
  { pattern: /^(?:board|dashboard|web\s+board)$/i, build: () => ({ kind: 'board' }) },
  // A bare reference: "7", "13b", "action 13(b)?"
  { pattern: /^((?:action\s*|#\s*)?\d{1,4}(?:\s*[.(]?\s*[a-z]\s*\)?)?)\s*\??$/i, build: (m) => ({ kind: 'show', target: arg(m) }) },
];

/** Removes a leading "/tsoc" or "tsoc" (Teams and DMs allow it) and a polite "please". */
function stripPrefix(text: string): string {
  return text.replace(/^\/?tsoc\b[\s:,]*/i, '').replace(/^(?:please\s+|can\s+you\s+|could\s+you\s+)/i, '');
}

export function parseCommand(input: string): Command {
  let text = stripPrefix(normaliseCommand(input)).trim();
  if (text === '') return { kind: 'help' };
  // A question mark ends a question, not a command's argument; notes keep theirs.
  if (!/^(update|set|grant|revoke|tag)\b/i.test(text) && text !== '?') text = text.replace(/[\s?]+$/, '') || text;
  for (const rule of RULES) {
    const m = rule.pattern.exec(text);
    if (m) return rule.build(m);
  }
  return { kind: 'unknown', text };
}
