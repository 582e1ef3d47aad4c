// The grammar's rules: each reads one way of saying a command. Order matters
// only where patterns overlap (questions before the plain verbs they contain).
import { stripTrailingPunctuation } from '../text-input.js';
import type { CommandBody, MilestoneVerb } from './command.js';
import { isItemRef, normaliseUpdate, splitAsOf, WHOLE_PLAN } from './targets.js';

export interface Rule {
  pattern: RegExp;
  build: (m: RegExpExecArray) => CommandBody;
}

const arg = (m: RegExpExecArray, i = 1) => stripTrailingPunctuation(m[i] ?? '');

/** Words in front of a list filter that say nothing: "everything", "all the actions that are". */
export function listFilter(text: string): string {
  return `${stripTrailingPunctuation(text)} `
    .replace(/^(?:me\s+)?(?:all\s+|every\s*thing\s+|any\s*thing\s+|anything\s+|everything\s+|the\s+|any\s+|which\s+|what\s+)*(?:actions?\s+|items?\s+|parts?\s+|ones?\s+)?(?:that\s+|which\s+)?(?:(?:are|is|were)\b|'s)?\s*(?:currently\s+|now\s+)?/i, '')
    .trim();
}

/** A status question about `target`: an item's status, the plan's, or a list when it names an agency or status. */
function statusOrList(text: string): CommandBody {
  const { target, asOf } = splitAsOf(text);
  const t = target.replace(/^(?:the\s+)?(?:status\s+of\s+)?/i, '');
  if (t === '' || WHOLE_PLAN.test(t)) return { kind: 'status', target: '', ...(asOf ? { asOf } : {}) };
  if (isItemRef(t)) return { kind: 'status', target: t, ...(asOf ? { asOf } : {}) };
  return { kind: 'list', filter: listFilter(t) };
}

/** "show X": an item when X is one, else a list (agency, status, theme) or, failing that, a search. */
function showOrList(text: string, focus?: 'success'): CommandBody {
  const t = stripTrailingPunctuation(text);
  if (focus) return { kind: 'show', target: t, focus };
  if (t === '' || isItemRef(t)) return { kind: 'show', target: t };
  if (WHOLE_PLAN.test(t)) return { kind: 'list', filter: '' };
  return { kind: 'list', filter: listFilter(t), orSearch: true };
}

/** "what changed for police since 1 Nov", "changes this week". */
export function readChanges(rest: string): CommandBody {
  let t = stripTrailingPunctuation(rest).replace(/^(?:been\s+)?(?:updated|changed)\b\s*/i, '');
  let since: string | undefined;
  const sinceMatch = /\b(?:since|after)\s+(.+?)(?=\s+(?:for|at|in|with|about)\s+|$)/i.exec(t);
  if (sinceMatch) {
    since = sinceMatch[1]!;
    t = t.replace(sinceMatch[0], ' ');
  } else {
    const period = /\b(?:(?:in|over|during)\s+)?(?:the\s+)?(this\s+week|last\s+week|past\s+week|this\s+month|last\s+month|past\s+month|today|yesterday|recently|lately|(?:last|past)\s+\d+\s+(?:days?|weeks?))\b/i.exec(t);
    if (period) {
      since = period[1]!;
      t = t.replace(period[0], ' ');
    }
  }
  const filter = t
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:for|at|in|with|on|about|to|of|from|by)\s+)+/i, '')
    .replace(/^(?:the\s+)?(?:whole\s+)?plan$/i, '')
    .trim();
  return { kind: 'changes', filter, ...(since ? { since: since.trim() } : {}) };
}

const WHO_VERBS = String.raw`(?:coordinates?|coordinating|leads?|leading|owns?|runs?|handles?|handling|manages?|managing|looks?\s+after|is\s+looking\s+after|'?s\s+looking\s+after|is\s+in\s+charge\s+of|'?s\s+in\s+charge\s+of|in\s+charge\s+of|is\s+responsible\s+for|'?s\s+responsible\s+for|are\s+responsible\s+for|responsible\s+for|is\s+coordinating|is\s+leading|'?s\s+leading|is\s+working\s+on|'?s\s+working\s+on|works\s+on|is\s+doing|'?s\s+doing|does|has|'?s\s+got|is\s+on|'?s\s+on|is\s+the\s+lead\s+(?:agency\s+)?(?:for|on)|'?s\s+the\s+lead\s+(?:agency\s+)?(?:for|on))`;
const AGENCY_DOING = String.raw`(?:doing|working\s+on|up\s+to|responsible\s+for|in\s+charge\s+of|looking\s+after|coordinating|leading|handling|running|on\s+the\s+hook\s+for)`;

const MILESTONE_VERBS: Record<string, MilestoneVerb> = {
  add: 'add', new: 'add', done: 'done', complete: 'done', completed: 'done', move: 'move', moved: 'move', remove: 'remove', delete: 'remove',
};

export const RULES: Rule[] = [
  { pattern: /^(?:help|\?+|commands|usage|menu|options|show\s+help|help\s+me|what\s+commands\s+are\s+there)$/i, build: () => ({ kind: 'help' }) },
  // Words only the terminal serves; chat explains how to get them.
  { pattern: /^(export|report|audit)\b/i, build: (m) => ({ kind: 'terminal-only', word: m[1]!.toLowerCase() as 'export' | 'report' | 'audit' }) },

  // Digests (before the "… status" question form).
  { pattern: /^digest\s+preview(?:\s+(?:for\s+)?(.*))?$/i, build: (m) => ({ kind: 'digest-preview', agency: arg(m) }) },
  { pattern: /^preview\s+(?:the\s+)?digest(?:\s+(?:for\s+)?(.*))?$/i, build: (m) => ({ kind: 'digest-preview', agency: arg(m) }) },
  { pattern: /^digest\s+status$/i, build: () => ({ kind: 'digest-status' }) },

  // The web board's sign-in link (before the terminal-only words: `report` is the CLI's).
  { pattern: /^(?:board|dashboard|web\s+board|the\s+board|open\s+the\s+board|status\s+board)$/i, build: () => ({ kind: 'board' }) },

  // Plan depth: milestones, sign-off, time away, public holidays — each anchored on its own words.
  {
    pattern: /^milestones?\s+(add|new|done|complete|completed|move|moved|remove|delete)\b\s*(.*)$/i,
    build: (m) => ({ kind: 'milestone', verb: MILESTONE_VERBS[m[1]!.toLowerCase()]!, args: (m[2] ?? '').trim() }),
  },
  { pattern: /^milestones?(?:\s+(?:for|of|on)\s+|\s+)?(.*)$/i, build: (m) => ({ kind: 'milestones', target: arg(m) }) },
  { pattern: /^(?:what(?:'s|s|\s+is)\s+)?overdue$/i, build: () => ({ kind: 'overdue' }) },
  { pattern: /^sign[\s-]?off(?:\s+(.*))?$/i, build: (m) => ({ kind: 'sign-off', args: (m[1] ?? '').trim() }) },
  { pattern: /^reject(?:\s+(.*))?$/i, build: (m) => ({ kind: 'reject', args: (m[1] ?? '').trim() }) },
  { pattern: /^(?:i\s*(?:'m|am)\s+)?away(?:\s+(.*))?$/i, build: (m) => ({ kind: 'away', args: (m[1] ?? '').trim() }) },
  { pattern: /^(?:i\s*(?:'m|am)\s+)?back$/i, build: () => ({ kind: 'back' }) },
  { pattern: /^(?:public\s+)?holidays?(?:\s+(?:in\s+|for\s+)?(.*))?$/i, build: (m) => ({ kind: 'holidays', year: arg(m) }) },

  // Writes first, each anchored on its verb, so no question form below ever reads one (a note
  // ending in "progress" stays a note).
  // Writes: "update 7 on track", "update action 7 to on track", "mark 7 as on track", "set 7 to green".
  // Only with an item (or nothing, to be asked which): "update n 7" is not an update of anything.
  { pattern: /^(?:update|set)(?:\s+((?:action\s*|#\s*)?\d.*))?$/i, build: (m) => ({ kind: 'update', target: normaliseUpdate(m[1] ?? '') }) },
  { pattern: /^(?:mark|change|move|flag|put|switch)\s+((?:action\s*|#\s*)?\d.*)$/i, build: (m) => ({ kind: 'update', target: normaliseUpdate(m[1]!) }) },
  { pattern: /^(grant|revoke)(?:\s+(.*))?$/i, build: (m) => ({ kind: m[1]!.toLowerCase() as 'grant' | 'revoke', args: (m[2] ?? '').trim() }) },
  { pattern: /^tag(?:\s+(.*))?$/i, build: (m) => ({ kind: 'tag', args: (m[1] ?? '').trim() }) },
  { pattern: /^subscribe(?:\s+(?:to\s+)?(.*))?$/i, build: (m) => ({ kind: 'subscribe', agency: arg(m) }) },
  { pattern: /^unsubscribe\b.*$/i, build: () => ({ kind: 'unsubscribe' }) },

  // Who: "who's in charge of 13b", "which agency leads 7", "coordinators of 4".
  { pattern: new RegExp(String.raw`^(?:who|whos|who's|which\s+agenc(?:y|ies)|what\s+agenc(?:y|ies))\s*${WHO_VERBS}\s+(.*)$`, 'i'), build: (m) => ({ kind: 'who', target: arg(m) }) },
  { pattern: /^(?:coordinators?|lead\s+agenc(?:y|ies)|leads?|owners?)\s+(?:of|for|on)\s+(.*)$/i, build: (m) => ({ kind: 'who', target: arg(m) }) },

  // Success.
  {
    pattern: /^(?:what\s+does\s+success\s+look\s+like\s+(?:for|in|on)|what\s+is\s+success\s+(?:for|in|on)|success\s+(?:statements?\s+|measures?\s+)?(?:for\s+|of\s+|on\s+)?)\s*(.*)$/i,
    build: (m) => showOrList(m[1] ?? '', 'success'),
  },

  // What changed.
  {
    pattern: /^(?:what(?:'s|s|\s+has|\s+have)?\s+(?:changed|been\s+(?:updated|changed)|moved|is\s+new|'?s\s+new|new)|whats\s+new|what's\s+new|any\s+(?:changes|news|movement)|recent\s+(?:changes|updates)|latest\s+(?:changes|updates|news)|changes|changed|news)\b\s*(.*)$/i,
    build: (m) => readChanges(m[1] ?? ''),
  },
  { pattern: /^(?:any\s+)?(?:new\s+)?updates\s+(since|this|last|today|yesterday|for\s+(?!\d|action\b))\b\s*(.*)$/i, build: (m) => readChanges(`${m[1]} ${m[2] ?? ''}`) },

  // Status questions: "status of 4", "what is the status of 7", "how is 13b going", "is 7 on track".
  {
    pattern: /^(?:how\s+(?:are|is)\s+things\s+(?:with|on|for|at)|(?:what(?:'s|s|\s+is)|where(?:'s|s|\s+is))\s+the\s+(?:current\s+|latest\s+)?(?:status|progress|state)\s+(?:of|on|for|with)|(?:current\s+|latest\s+)?(?:status|progress|state)\s+(?:of|on|for|with)|(?:an?\s+|any\s+)?(?:update|updates|news)\s+(?:on|for|about|re)|how(?:'s|s|\s+is|\s+are)|where\s+(?:are\s+we|is\s+it|are\s+things)\s+(?:at\s+|up\s+to\s+)?(?:with|on)|what(?:'s|s|\s+is)\s+(?:happening|going\s+on)\s+(?:with|on|for|at|in)|what(?:'s|s|\s+is)\s+up\s+with)\s+(.*?)(?:\s+(?:going|doing|tracking|progressing|looking|getting\s+on|coming\s+along))?$/i,
    build: (m) => statusOrList(m[1] ?? ''),
  },
  { pattern: /^is\s+(.+?)\s+(?:on[\s-]?track|at[\s-]?risk|off[\s-]?track|complete|completed|done|finished|behind|delayed|late|started|not\s+started|green|amber|red)$/i, build: (m) => statusOrList(m[1] ?? '') },
  { pattern: /^(status|history)(?:\s+(.*))?$/i, build: (m) => {
    const rest = m[2] ?? '';
    if (m[1]!.toLowerCase() === 'status') {
      const made = statusOrList(rest.replace(/^(?:of|for|on)\s+/i, ''));
      return made;
    }
    const { target, asOf } = splitAsOf(rest.replace(/^(?:of|for|on)\s+/i, ''));
    return { kind: 'history', target, ...(asOf ? { asOf } : {}) };
  } },
  {
    pattern: /^(?:what\s+happened\s+(?:to|with|on)|(?:past|previous|all|every|earlier)\s+updates\s+(?:to|on|for|of)|updates\s+(?:to|of)|history\s+(?:of|for|on)|log\s+(?:of|for))\s+(.*)$/i,
    build: (m) => ({ kind: 'history', ...splitAsOf(m[1] ?? '') }),
  },

  // What an agency is doing: "what is Customs doing", "what does Ngā Pirihimana coordinate".
  { pattern: /^what\s+does\s+(.+?)\s+(?:coordinate|lead|own|run|do|handle|look\s+after|manage|work\s+on)s?$/i, build: (m) => ({ kind: 'list', filter: arg(m) }) },
  { pattern: new RegExp(String.raw`^what(?:'s|s|\s+is|\s+are|\s+has|\s+have)\s+(.+?)\s+(?:been\s+)?${AGENCY_DOING}$`, 'i'), build: (m) => ({ kind: 'list', filter: arg(m) }) },
  { pattern: /^(?:actions?|items?|work)\s+(?:for|of|by|coordinated\s+by|led\s+by|owned\s+by)\s+(.+)$/i, build: (m) => ({ kind: 'list', filter: arg(m) }) },
  // Searches phrased as questions (before "anything …" lists).
  { pattern: /^(?:anything\s+(?:about|on|mentioning|to\s+do\s+with)|which\s+(?:actions?|items?)\s+(?:mention|cover|talk\s+about|are\s+about|deal\s+with)|actions?\s+(?:about|mentioning))\s+(.*)$/i, build: (m) => ({ kind: 'search', query: arg(m) }) },
  // Lists by status: "anything off track?", "which actions are at risk", "everything at risk".
  { pattern: /^(?:anything|everything|something|any\s+actions?|any\s+items?|all\s+actions?|all\s+items?|which\s+(?:actions?|items?|parts?|ones?)|what\s+(?:actions?|items?|parts?)|how\s+many\s+(?:actions?|items?|are))\s+(.*)$/i, build: (m) => ({ kind: 'list', filter: listFilter(m[1] ?? '') }) },
  { pattern: /^(?:list|ls|actions|items)(?:\s+(.*))?$/i, build: (m) => ({ kind: 'list', filter: listFilter(arg(m).replace(/^(?:of|for|by)\s+/i, '')) }) },

  // Search.
  { pattern: /^(?:search|find|look\s+for|lookup\s+for|search\s+for|anything\s+(?:about|on|mentioning)|which\s+actions\s+mention|actions?\s+(?:about|mentioning|on)|what\s+about)(?:\s+(?:for\s+)?(.*))?$/i, build: (m) => ({ kind: 'search', query: arg(m) }) },

  // Show: "show 7", "tell me about 13b", "what is action 4", "what's at risk" (a list).
  { pattern: /^(?:show(?:\s+me)?|display|open|view|get|see|what\s+is|what's|whats|what\s+are|tell\s+me\s+about|tell\s+me|describe|details\s+(?:of|for|on)|info\s+(?:on|about|for)|information\s+(?:on|about)|look\s*up|explain)\s+(.*)$/i, build: (m) => showOrList(m[1] ?? '') },


  { pattern: /^(?:who\s*am\s*i|whoami|me|my\s+(?:agency|agencies|permissions|access|details|profile)|what\s+can\s+i\s+update|what\s+am\s+i\s+allowed\s+to\s+update|which\s+agency\s+am\s+i(?:\s+in)?|what\s+agency\s+am\s+i(?:\s+in)?)$/i, build: () => ({ kind: 'whoami' }) },
  { pattern: /^(?:subscriptions?|my\s+subscriptions|what\s+am\s+i\s+subscribed\s+to|digests)$/i, build: () => ({ kind: 'subscriptions' }) },
  // Forms read from their last words, after every verb-led rule: "13b coordinators", "7 status", "police's actions".
  { pattern: /^(.+?)\s+coordinators?$/i, build: (m) => (isItemRef(arg(m)) ? { kind: 'who', target: arg(m) } : { kind: 'unknown', text: m[0] }) },
  { pattern: /^(.+?)\s+(?:status|progress)$/i, build: (m) => statusOrList(m[1] ?? '') },
  { pattern: /^(.+?)'s\s+(?:actions|items|work|list)$/i, build: (m) => ({ kind: 'list', filter: arg(m) }) },
  // A bare reference: "7", "13b", "action 13(b)?"
  { pattern: /^((?:action\s*|#\s*)?\d{1,4}(?:\s*[.(]?\s*[a-z]\s*\)?)?)\s*\??$/i, build: (m) => ({ kind: 'show', target: arg(m) }) },
];
