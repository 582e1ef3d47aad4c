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

/**
 * Where one delivery stands between two runs of its pacer job.
 *
 * - `posting`: page `page` is next, and no earlier call for it can have landed.
 * - `checking`: an earlier call for page `page` may have landed (in flight when its holder died,
 *   timed out, or failed where the platform can be asked): ask the platform before posting again.
 * - `recording`: every page is out; the 'sent' outcome still needs writing.
 * - `done`: the outcome is recorded, another instance took the digest over, or this instance is
 *   stopping (the claim stays open for whoever recovers it).
 */
export type DeliveryState =
  | { kind: 'posting'; page: number }
  | { kind: 'checking'; page: number }
  | { kind: 'recording' }
  | { kind: 'done'; why: 'recorded' | 'taken over' | 'stopping' };

/** What the attempts so far add up to, whatever the state. */
interface Tally {
  /** The number the next attempt marker takes. */
  next: number;
  errors: number;
  rateLimited: number;
  /** The first page's message: the outcome names it. */
  first?: PostedMessage;
  /** Some page went out through an earlier holder, or was found on the platform after a failed call. */
  recovered: boolean;
}

/** One run's result: the state to be in for the next run, and what the pacer should do. */
interface Transition {
  to: DeliveryState;
  step: JobStep;
}

const finished = (why: 'recorded' | 'taken over' | 'stopping'): Transition => ({ to: { kind: 'done', why }, step: { done: true } });

/** Where earlier attempts (by holders that died) leave a recovering holder. */
function resume(previous: readonly AttemptRecord[]): { state: DeliveryState; tally: Tally } {
  const posted = previous.filter((a) => a.result === 'posted');
  const first = posted.find((a) => a.page === 0);
  const page = posted.reduce((p, a) => Math.max(p, a.page + 1), 0);
  const last = previous.at(-1);
  return {
    // The last attempt may have posted its page: only the platform can say.
    state: ambiguous(last) ? { kind: 'checking', page: last!.page } : { kind: 'posting', page },
    tally: {
      next: (last?.n ?? 0) + 1,
      errors: previous.filter((a) => a.result === 'error' || a.result === 'timeout').length,
      rateLimited: previous.filter((a) => a.result === 'rate-limited').length,
      ...(first?.messageId ? { first: { messageId: first.messageId, at: first.postedAt ?? first.startedAt } } : {}),
      recovered: page > 0,
    },
  };
}

/** One claimed digest on its way out. Each run of the pacer job is one transition from `state`. */
class DigestDelivery {
  private state: DeliveryState;
  private readonly tally: Tally;
  /** Built once per holder, on the first run that posts. */
  private content: DigestContent | undefined;

  constructor(
    private readonly claim: ClaimRecord,
    private readonly build: () => Promise<DigestContent>,
    private readonly deps: DeliveryDeps,
    private readonly start: DeliveryStart,
  ) {
    ({ state: this.state, tally: this.tally } = resume(start.previous ?? []));
  }

  async run(): Promise<JobStep> {
    // A run that throws leaves the state as it was; the pacer drops the job and the claim stays
    // open for recovery.
    const { to, step } = await this.advance(this.state);
    this.state = to;
    return step;
  }

  private async advance(state: DeliveryState): Promise<Transition> {
    if (state.kind === 'done') return { to: state, step: { done: true } };
    if (state.kind === 'recording') return this.recordSent(0);
    if (this.deps.stopping()) return finished('stopping');
    const content = (this.content ??= await this.build());
    // An earlier holder posted every page (its build had no more than this one) and died before recording.
    if (state.page >= content.pages.length) return this.recordSent(0);

    const { claim, deps } = this;
    const n = this.tally.next;
    // The attempt marker is the right to act now; without it nothing is posted.
    if (!(await deps.store.startAttempt({ key: claim.key, slot: claim.slot, n, page: state.page, owner: deps.instanceId, startedAt: deps.clock.now() }))) {
      deps.logger.info('digest taken over by another instance', { key: claim.key, attempt: n });
      return finished('taken over');
    }
    this.tally.next += 1;

    if (state.kind === 'checking') {
      if (!deps.notifier.findPosted) return this.outcome({ state: 'unknown', error: this.cannotTell(state.page, 'the bot stopped while posting it') });
      const found = await deps.notifier.findPosted(claim.channelId, pageKey(claim.key, state.page), claim.claimedAt);
      if (found) {
        deps.logger.info('digest page found already posted', { key: claim.key, page: state.page, messageId: found.messageId });
        return this.pagePosted(state.page, n, found, true);
      }
    }
    return this.post(state.page, n, content);
  }

  private async post(page: number, n: number, content: DigestContent): Promise<Transition> {
    const { claim, deps } = this;
    let posted: PostedMessage;
    try {
      posted = await withTimeout(deps.notifier.postDigest(claim.channelId, [content.pages[page]!], pageKey(claim.key, page)), deps.tuning.postTimeoutMs);
    } catch (err) {
      return this.postFailed(page, n, content, err);
    }
    return this.pagePosted(page, n, posted, false);
  }

  private async postFailed(page: number, n: number, content: DigestContent, err: unknown): Promise<Transition> {
    const { claim, deps, tally } = this;
    const { notifier, tuning } = deps;
    const limited = err instanceof RateLimitedError;
    const timedOut = err instanceof PostTimeoutError;
    if (!limited) tally.errors += 1;
    // Out of tries: one last look, where the platform can tell, in case the page landed after all.
    if (!limited && tally.errors >= tuning.maxErrors && !deps.stopping()) {
      const found = await notifier.findPosted?.(claim.channelId, pageKey(claim.key, page), claim.claimedAt);
      if (found) return this.pagePosted(page, n, found, true);
    }
    await deps.store.endAttempt(claim.key, n, { result: limited ? 'rate-limited' : timedOut ? 'timeout' : 'error', error: message(err), endedAt: deps.clock.now() });
    // Stopping: leave the claim; whoever recovers it reads this attempt's end.
    if (deps.stopping()) return finished('stopping');
    if (err instanceof RateLimitedError) {
      tally.rateLimited += 1;
      if (tally.rateLimited >= tuning.maxRateLimited) return this.outcome({ state: 'failed', error: `still rate limited after ${tally.rateLimited} tries` });
      deps.logger.info('digest rate limited', { key: claim.key, retryAfterMs: err.retryAfterMs });
      return { to: { kind: 'posting', page }, step: { done: false, retryInMs: err.retryAfterMs } };
    }
    deps.logger.warn('digest post failed', { key: claim.key, attempt: n, page, error: message(err) });
    if (timedOut && !notifier.findPosted) return this.outcome({ state: 'unknown', error: this.cannotTell(page, 'the post timed out') });
    if (tally.errors >= tuning.maxErrors) {
      const where = content.pages.length > 1 ? ` (${this.pageName(page)})` : '';
      return this.outcome({ state: 'failed', error: `${message(err)}${where}` });
    }
    // A failed post may still have landed (the platform answered late, or the notifier failed
    // after posting): where the platform can tell, check before posting again.
    const unsure = timedOut || Boolean(notifier.findPosted);
    return { to: { kind: unsure ? 'checking' : 'posting', page }, step: { done: false, retryInMs: tuning.backoffMs(tally.errors), units: 1 } };
  }

  /** Page `page` is out (attempt `n`): on to the next, or record the digest as sent after the last. */
  private async pagePosted(page: number, n: number, m: PostedMessage, alreadyOut: boolean): Promise<Transition> {
    const { claim, deps } = this;
    if (page === 0) this.tally.first = m;
    if (alreadyOut) this.tally.recovered = true;
    const last = page + 1 >= this.content!.pages.length;
    // The last page's end would say what the outcome says next: one write fewer per digest. (Should
    // this instance die between the two, the next holder asks the platform, as for any open post.)
    if (!last) {
      try {
        await deps.store.endAttempt(claim.key, n, { result: 'posted', messageId: m.messageId, postedAt: m.at, endedAt: deps.clock.now() });
      } catch (err) {
        // This holder knows the page is out; only a later holder (after a crash) would miss it.
        deps.logger.warn('could not record a posted digest page', { key: claim.key, page, error: message(err) });
      }
    }
    const units = alreadyOut ? 0 : 1;
    if (!last) return { to: { kind: 'posting', page: page + 1 }, step: { done: false, retryInMs: 0, units } };
    return this.recordSent(units);
  }

  /** Every page is out: write the 'sent' outcome, retrying until it is written. */
  private async recordSent(units: number): Promise<Transition> {
    const { claim, deps, tally, content } = this;
    try {
      const { to } = await this.outcome({
        state: 'sent', messageId: tally.first?.messageId ?? 'unknown', at: tally.first?.at ?? deps.clock.now(),
        // Pages an earlier holder posted were built by it, shortly after claiming.
        contentAsOf: tally.recovered || !content ? claim.claimedAt : content.contentAsOf,
        ...(tally.recovered ? { recovered: tally.recovered } : {}),
      });
      return { to, step: { done: true, units } };
    } catch (err) {
      deps.logger.warn('could not record a posted digest; will retry', { key: claim.key, error: message(err) });
      return { to: { kind: 'recording' }, step: { done: false, retryInMs: deps.tuning.backoffMs(1), units } };
    }
  }

  /** Inserts the outcome; the first one recorded stands. */
  private async outcome(fields: Pick<OutcomeRecord, 'state'> & Partial<OutcomeRecord>): Promise<Transition> {
    const { claim, deps } = this;
    const record: OutcomeRecord = {
      key: claim.key, subscriptionId: claim.subscriptionId, slot: claim.slot, late: claim.late,
      at: deps.clock.now(), attempts: this.tally.next - 1, ...fields,
    };
    if (!(await deps.store.recordOutcome(record))) deps.logger.warn('digest outcome was already recorded', { key: claim.key, state: fields.state });
    else this.start.onOutcome?.(record);
    return finished('recorded');
  }

  private pageName(page: number): string {
    const pages = this.content?.pages.length ?? 0;
    return pages > 1 ? `page ${page + 1} of ${pages}` : 'the post';
  }

  private cannotTell(page: number, what: string): string {
    const { platform } = this.deps.notifier;
    return `${what}, and ${platform === 'teams' ? 'Teams' : platform} cannot confirm whether ${this.pageName(page)} arrived`;
  }
}

/** A pacer job delivering one claimed digest; `build` makes its pages (once per holder). */
export function deliveryJob(claim: ClaimRecord, build: () => Promise<DigestContent>, deps: DeliveryDeps, start: DeliveryStart = {}): () => Promise<JobStep> {
  const delivery = new DigestDelivery(claim, build, deps, start);
  return () => delivery.run();
}
