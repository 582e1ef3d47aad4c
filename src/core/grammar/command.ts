// The commands the grammar understands: what the engine runs.

export type TerminalWord = 'export' | 'report' | 'audit';
export type SmallTalk = 'hello' | 'thanks' | 'capabilities';
export type MilestoneVerb = 'add' | 'done' | 'move' | 'remove';

export type CommandBody =
  | { kind: 'help' }
  | { kind: 'who'; target: string }
  | { kind: 'show'; target: string; focus?: 'success' }
  /** `orSearch`: the words came from "tell me about …"; when they name no list, search for them. */
  | { kind: 'list'; filter: string; orSearch?: true }
  | { kind: 'search'; query: string }
  | { kind: 'update'; target: string }
  | { kind: 'status'; target: string; asOf?: string }
  | { kind: 'history'; target: string; asOf?: string }
  /** What changed: `filter` an agency or item ('' for the whole plan), `since` the words for the start. */
  | { kind: 'changes'; filter: string; since?: string }
  | { kind: 'whoami' }
  | { kind: 'grant' | 'revoke'; args: string }
  | { kind: 'tag'; args: string }
  | { kind: 'subscribe'; agency: string }
  | { kind: 'unsubscribe' }
  | { kind: 'subscriptions' }
  | { kind: 'digest-preview'; agency: string }
  | { kind: 'digest-status' }
  /** A private, single-use sign-in link to the web board. */
  | { kind: 'board' }
  | { kind: 'holidays'; year: string }
  | { kind: 'away'; args: string }
  | { kind: 'back' }
  | { kind: 'milestone'; verb: MilestoneVerb; args: string }
  | { kind: 'milestones'; target: string }
  | { kind: 'overdue' }
  | { kind: 'sign-off' | 'reject'; args: string }
  | { kind: 'small-talk'; topic: SmallTalk }
  /** A word only the terminal serves (`export`, `report`, `audit`): chat says what to do instead. */
  | { kind: 'terminal-only'; word: TerminalWord }
  | { kind: 'unknown'; text: string };

/**
 * `corrected` is set when the command was read from corrected words ("updte 7 on track" →
 * "update 7 on track"): a look-up runs and says so; a write is shown, never run.
 */
export type Command = CommandBody & { corrected?: string };

/** Commands that change stored data: when they fail, users must hear that nothing was saved. */
const WRITE_KINDS: ReadonlySet<Command['kind']> = new Set([
  'update', 'grant', 'revoke', 'tag', 'subscribe', 'unsubscribe', 'away', 'back', 'milestone', 'sign-off', 'reject',
]);

export function isWriteCommand(command: Command): boolean {
  return WRITE_KINDS.has(command.kind);
}
