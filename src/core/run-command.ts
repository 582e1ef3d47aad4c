// One policy for running a person's command from a chat platform, so Slack and
// Teams cannot drift apart: a write is refused when the platform could not say
// who the person is (or withholds their email), and any error becomes the same
// answer. Surfaces only look the person up and translate the Reply.
import type { Engine, RunOptions } from './engine.js';
import type { ChatPlatform, Identity } from './identity.js';
import type { Logger } from './logger.js';
import { isWriteCommand, parseCommand, type Command } from './parse-command.js';
import { failureReply, type Reply } from './reply.js';

/** A person as a platform's look-up returns them: who, and why their writes cannot be trusted yet. */
export interface LookedUpIdentity extends Identity {
  /** The platform did not answer the look-up: a write is to be retried, not refused. */
  lookupFailed?: boolean;
  /** Why the platform's email is not taken as proof of agency (look-ups only). */
  emailWithheld?: string;
}

/** What each platform says in its own words; everything else is the same everywhere. */
export interface PlatformWords {
  platform: ChatPlatform;
  /** The platform's name as people know it: "Slack did not tell me who you are just now". */
  name: string;
  /** Said after "I can only look things up for you: <why withheld>" ('' for nothing more). */
  withheldBecause: string;
  /** What the person can do about a withheld email, after "Nothing was saved.". */
  withheldAdvice: string;
}

/** Runs `text` for the person `lookUp` finds; never throws. */
export async function runForPerson(
  engine: Engine,
  lookUp: () => Promise<LookedUpIdentity>,
  text: string,
  options: RunOptions & { words: PlatformWords },
  logger: Logger,
): Promise<Reply> {
  const { words, ...runOptions } = options;
  try {
    const identity = await lookUp();
    // Parsed here only for a person whose writes are held back; the engine parses for itself.
    let parsed: Command | undefined;
    const isWrite = () => isWriteCommand((parsed ??= parseCommand(text)));
    // A person the platform could not identify just now is told to retry a write, not refused.
    if (identity.lookupFailed && isWrite()) {
      return failureReply('unavailable', `${words.name} did not tell me who you are just now, so nothing was saved.`, 'Please send the same command again in a minute.');
    }
    // An email the bot does not take as proof gives no agency: look-ups only, and the person hears why.
    if (identity.emailWithheld && isWrite()) {
      return failureReply('not-permitted', `I can only look things up for you: ${identity.emailWithheld}${words.withheldBecause}.`,
        `Nothing was saved. ${words.withheldAdvice}`);
    }
    const { lookupFailed: _ignored, emailWithheld: _withheld, ...who } = identity;
    return await engine.run(text, who, runOptions);
  } catch (err) {
    logger.error(`${words.platform} command failed`, { key: runOptions.request?.key, error: err });
    return failureReply('unavailable', 'Something went wrong on my side while answering that.',
      'If it was an update, check with `status <action>` before sending it again.');
  }
}
