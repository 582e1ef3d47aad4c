// The surface's own messages: the welcome on installation and the refusal to
// tenants the bot does not serve.
import { HELP_EXAMPLES } from '../core/commands/help.js';
import { okReply, failureReply, type Reply } from '../core/reply.js';

export function welcomeReply(scope: 'personal' | 'shared'): Reply {
  const examples = HELP_EXAMPLES.slice(0, 6).map(([cmd]) => cmd);
  return okReply('Kia ora — I keep the record of the TSOC Action Plan 2026–2030.', [
    {
      lines: [
        scope === 'personal'
          ? 'Ask me in plain words, for example:'
          : 'Mention me (@TSOC) and ask in plain words, for example:',
        ...examples.map((e) => `• ${e}`),
        'Type help for everything I understand. Agency staff can update the actions their agency coordinates.',
      ],
    },
  ]);
}

export function tenantRefusal(): Reply {
  return failureReply('not-permitted', 'Sorry — this TSOC Action Plan bot serves only the organisations it has been set up for.',
    'Nothing was looked up or saved. If your organisation should have access, ask your Teams administrator to contact the bot’s operators.');
}

export function unknownFormReply(): Reply {
  return failureReply('bad-input', 'I can’t read that form — it may be from an older version of me.',
    'Type the update instead, for example `update 7 on-track Team recruited`.');
}

/** In the channel, after `digest preview` went to the person's personal chat: one line. */
export function previewSentPrivately(name: string): Reply {
  return okReply(`${name}, I've sent you the digest preview in our personal chat.`);
}

/** In the channel, when no personal chat could be opened: how to ask there instead. Nothing else is posted. */
export function previewNeedsPersonalChat(): Reply {
  return failureReply('bad-input', 'A digest preview is shown only to you, in a personal chat with me, and I could not open one with you.',
    'Open a chat with TSOC (Apps, then TSOC, then Open; or start a new chat with TSOC), then type: digest preview');
}
