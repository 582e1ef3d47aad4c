// Saying what was understood from corrected words. A look-up runs and says how
// it read the words; a write is never run on a guess: the person is shown the
// corrected command and asked to send it (a button on Slack and Teams, the
// command to paste in a terminal).
import { okReply, type Reply } from '../reply.js';
import type { Command } from './command.js';
import { readItemRef } from '../item-ref.js';

/** The answer to a write read from corrected words: nothing is saved. */
export function suggestWrite(command: Command, typed: string): Reply {
  const corrected = command.corrected ?? typed;
  const target = command.kind === 'update' ? readItemRef(command.target)?.ref : undefined;
  const reply = okReply(`Did you mean \`${corrected}\`?`, [
    {
      lines: [
        `I read "${typed.slice(0, 120)}" as \`${corrected}\`, but I only make changes that are written out, so nothing was saved.`,
        `If that is right, send it as it stands: ${corrected}`,
      ],
    },
  ], [{ kind: 'send-command', command: corrected, label: `Send: ${corrected}`, itemId: target ? `${target.action}${target.letter ?? ''}` : '' }]);
  return { ...reply, ok: false, code: 'unknown-command' };
}

/** A look-up's answer from corrected words, saying how they were read. */
export function withUnderstood(reply: Reply, command: Command): Reply {
  if (!command.corrected) return reply;
  return { ...reply, sections: [{ lines: [`(I read that as \`${command.corrected}\`.)`] }, ...reply.sections] };
}
