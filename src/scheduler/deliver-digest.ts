// One claimed digest, each page posted at most once. Pages go one call (one
// message) at a time, so the channel pacer spaces them by the platform's
// per-channel limit, and a rate limit on page 2 never re-posts page 1.
//
// Before every call to the platform the holder inserts the next attempt number
// (a unique key): that marker says "a post of page p may be under way", and
// its end records how the call went ('posted' with the message id, or why
// not). So after a crash the next holder knows which pages are out, and that
// the page in flight must not simply be posted again: it asks the platform
// (findPosted: Slack finds the page's key in message metadata). Where the
// platform cannot tell (Teams), the digest is recorded as "unknown" and shown
// as needing attention in `digest status`, rather than risking a duplicate.
// The outcome is inserted once; the first one stands.
import type { Logger } from '../core/logger.js';
import { RateLimitedError, type Notifier, type PostedMessage } from '../core/notifier.js';
import type { Reply } from '../core/reply.js';
import type { JobStep } from './channel-pacer.js';
import type { Clock } from './clock.js';
import { pageKey, type AttemptRecord, type ClaimRecord, type DeliveryStore, type OutcomeRecord } from '../core/digest/delivery-port.js';
import type { Tuning } from './tuning.js';

export interface DigestContent {
  pages: Reply[];
  contentAsOf: Date;
}

export interface DeliveryDeps {
  store: DeliveryStore;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  tuning: Tuning;
  /** true once this instance is stopping: leave the claim for another to recover. */
  stopping(): boolean;
}

export interface DeliveryStart {
  /** Attempts made before (by a holder that died, when recovering), oldest first. */
  previous?: readonly AttemptRecord[];
  /** Called once with the recorded outcome. */
  onOutcome?(outcome: OutcomeRecord): void;
}

export class PostTimeoutError extends Error {
  override name = 'PostTimeoutError';
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PostTimeoutError(`no answer from the platform within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/** A possibly-posted attempt: in flight when its holder died, or timed out. */
export function ambiguous(attempt: AttemptRecord | undefined): boolean {
  return Boolean(attempt && (!attempt.result || attempt.result === 'timeout'));
}

/** Where earlier attempts got to: pages known to be out, and the first page's message. */
function progress(previous: readonly AttemptRecord[]): { page: number; first?: PostedMessage } {
  const posted = previous.filter((a) => a.result === 'posted');
  const first = posted.find((a) => a.page === 0);
  const page = posted.reduce((p, a) => Math.max(p, a.page + 1), 0);
  return { page, ...(first?.messageId ? { first: { messageId: first.messageId, at: first.postedAt ?? first.startedAt } } : {}) };
}

/** A pacer job delivering one claimed digest; `build` makes its pages (once per holder). */
export function deliveryJob(claim: ClaimRecord, build: () => Promise<DigestContent>, deps: DeliveryDeps, start: DeliveryStart = {}): () => Promise<JobStep> {
  const { store, notifier, tuning, logger } = deps;
  const previous = start.previous ?? [];
  const done = progress(previous);
  let page = done.page;
  let first = done.first;
  let next = (previous.at(-1)?.n ?? 0) + 1;
  let errors = previous.filter((a) => a.result === 'error' || a.result === 'timeout').length;
  let rateLimited = previous.filter((a) => a.result === 'rate-limited').length;
  // The last attempt may have posted its page: only the platform can say.
  const lastAttempt = previous.at(-1);
  let unsure = ambiguous(lastAttempt);
  if (unsure) page = lastAttempt!.page;
  /** Some page went out through an earlier holder, or was found on the platform after a failed call. */
  let recovered = done.page > 0;
  let content: DigestContent | undefined;
  let finished = false;

  const outcome = async (fields: Pick<OutcomeRecord, 'state'> & Partial<OutcomeRecord>): Promise<JobStep> => {
    const record: OutcomeRecord = {
      key: claim.key, subscriptionId: claim.subscriptionId, slot: claim.slot, late: claim.late,
      at: deps.clock.now(), attempts: next - 1, ...fields,
    };
    if (!(await store.recordOutcome(record))) logger.warn('digest outcome was already recorded', { key: claim.key, state: fields.state });
    else start.onOutcome?.(record);
    finished = true;
    return { done: true };
  };

  const sent = () =>
    outcome({
      state: 'sent', messageId: first?.messageId ?? 'unknown', at: first?.at ?? deps.clock.now(),
      // Pages an earlier holder posted were built by it, shortly after claiming.
      contentAsOf: recovered || !content ? claim.claimedAt : content.contentAsOf,
      ...(recovered ? { recovered } : {}),
    });

  const pageName = (p: number) => (content && content.pages.length > 1 ? `page ${p + 1} of ${content.pages.length}` : 'the post');
  const cannotTell = (what: string) =>
    `${what}, and ${notifier.platform === 'teams' ? 'Teams' : notifier.platform} cannot confirm whether ${pageName(page)} arrived`;

  /** A page is out: on to the next, or record the digest as sent after the last. */
  const pagePosted = async (n: number, m: PostedMessage, alreadyOut: boolean): Promise<JobStep> => {
    if (page === 0) first = m;
    if (alreadyOut) recovered = true;
    const last = page + 1 >= content!.pages.length;
    // The last page's end would say what the outcome says next: one write fewer per digest. (Should
    // this instance die between the two, the next holder asks the platform, as for any open post.)
    if (!last) {
      try {
        await store.endAttempt(claim.key, n, { result: 'posted', messageId: m.messageId, postedAt: m.at, endedAt: deps.clock.now() });
      } catch (err) {
        // This holder knows the page is out; only a later holder (after a crash) would miss it.
        logger.warn('could not record a posted digest page', { key: claim.key, page, error: message(err) });
      }
    }
    page += 1;
    const units = alreadyOut ? 0 : 1;
    if (page < content!.pages.length) return { done: false, retryInMs: 0, units };
    return recordSent(units);
  };

  let sentPending = false;
  const recordSent = async (units: number): Promise<JobStep> => {
    sentPending = true;
    try {
      return { ...(await sent()), units };
    } catch (err) {
      logger.warn('could not record a posted digest; will retry', { key: claim.key, error: message(err) });
      return { done: false, retryInMs: tuning.backoffMs(1), units };
    }
  };

  return async (): Promise<JobStep> => {
    if (finished) return { done: true };
    if (sentPending) return recordSent(0); // every page is out; the outcome still needs writing
    if (deps.stopping()) return { done: true };
    content ??= await build();
    // An earlier holder posted every page (its build had no more than this one) and died before recording.
    if (page >= content.pages.length) return recordSent(0);

    const n = next;
    // The attempt marker is the right to act now; without it nothing is posted.
    if (!(await store.startAttempt({ key: claim.key, slot: claim.slot, n, page, owner: deps.instanceId, startedAt: deps.clock.now() }))) {
      logger.info('digest taken over by another instance', { key: claim.key, attempt: n });
      finished = true;
      return { done: true };
    }
    next += 1;

    if (unsure) {
      if (!notifier.findPosted) return outcome({ state: 'unknown', error: cannotTell('the bot stopped while posting it') });
      unsure = false;
      const found = await notifier.findPosted(claim.channelId, pageKey(claim.key, page), claim.claimedAt);
      if (found) {
        logger.info('digest page found already posted', { key: claim.key, page, messageId: found.messageId });
        return pagePosted(n, found, true);
      }
    }

    let posted: PostedMessage;
    try {
      posted = await withTimeout(notifier.postDigest(claim.channelId, [content.pages[page]!], pageKey(claim.key, page)), tuning.postTimeoutMs);
    } catch (err) {
      const limited = err instanceof RateLimitedError;
      const timedOut = err instanceof PostTimeoutError;
      if (!limited) errors += 1;
      // Out of tries: one last look, where the platform can tell, in case the page landed after all.
      if (!limited && errors >= tuning.maxErrors && !deps.stopping()) {
        const found = await notifier.findPosted?.(claim.channelId, pageKey(claim.key, page), claim.claimedAt);
        if (found) return pagePosted(n, found, true);
      }
      await store.endAttempt(claim.key, n, { result: limited ? 'rate-limited' : timedOut ? 'timeout' : 'error', error: message(err), endedAt: deps.clock.now() });
      // Stopping: leave the claim; whoever recovers it reads this attempt's end.
      if (deps.stopping()) return { done: true };
      if (err instanceof RateLimitedError) {
        rateLimited += 1;
        if (rateLimited >= tuning.maxRateLimited) return outcome({ state: 'failed', error: `still rate limited after ${rateLimited} tries` });
        logger.info('digest rate limited', { key: claim.key, retryAfterMs: err.retryAfterMs });
        return { done: false, retryInMs: err.retryAfterMs };
      }
      logger.warn('digest post failed', { key: claim.key, attempt: n, page, error: message(err) });
      if (timedOut && !notifier.findPosted) return outcome({ state: 'unknown', error: cannotTell('the post timed out') });
      if (errors >= tuning.maxErrors) {
        const where = content.pages.length > 1 ? ` (${pageName(page)})` : '';
        return outcome({ state: 'failed', error: `${message(err)}${where}` });
      }
      // A failed post may still have landed (the platform answered late, or the notifier failed
      // after posting): where the platform can tell, check before posting again.
      unsure = timedOut || Boolean(notifier.findPosted);
      return { done: false, retryInMs: tuning.backoffMs(errors), units: 1 };
    }
    return pagePosted(n, posted, false);
  };
}
