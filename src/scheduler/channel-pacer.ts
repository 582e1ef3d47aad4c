// Per-channel queues with bounded concurrency overall. Each channel keeps its
// own pace (Slack about 1 message/s per channel, Teams 7/s per conversation);
// a job that is rate-limited or backing off gives its worker back and waits in
// its own channel's queue, so one slow or failing channel never holds up the
// others. (Bolt's WebClient would pause its whole queue on a 429: notifiers
// reject rate-limited calls instead and this pacer does the waiting.)

/** What one run of a job did: finished, or wants to run again after a wait. `units` = messages posted. */
export type JobStep = { done: true; units?: number } | { done: false; retryInMs: number; units?: number };
export type Job = () => Promise<JobStep>;

export interface PacerOptions {
  /** Jobs running at once across all channels. */
  concurrency: number;
  /** Minimum spacing between messages to one channel. */
  intervalMs(channelKey: string): number;
  onError(err: unknown, channelKey: string): void;
}

interface Entry {
  job: Job;
  settle(): void;
}

interface Channel {
  jobs: Entry[];
  readyAt: number;
  busy: boolean;
}

const now = () => performance.now();

export class ChannelPacer {
  private readonly channels = new Map<string, Channel>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private closed = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: PacerOptions) {}

  /** Queues a job on a channel; resolves when it has finished (or was dropped by close()). */
  add(channelKey: string, job: Job): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((settle) => {
      let ch = this.channels.get(channelKey);
      if (!ch) this.channels.set(channelKey, (ch = { jobs: [], readyAt: 0, busy: false }));
      ch.jobs.push({ job, settle });
      this.pump();
    });
  }

  /** Jobs queued or running. */
  get pending(): number {
    let n = 0;
    for (const ch of this.channels.values()) n += ch.jobs.length;
    return n;
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued jobs (their claims stay open for recovery) and waits for running ones. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const ch of this.channels.values()) {
      const waiting = ch.busy ? ch.jobs.splice(1) : ch.jobs.splice(0);
      for (const e of waiting) e.settle();
    }
    await this.idle();
  }

  private pump(): void {
    if (this.closed) return;
    const t = now();
    let earliest = Infinity;
    for (const [key, ch] of this.channels) {
      if (ch.busy) continue;
      if (ch.jobs.length === 0) {
        if (ch.readyAt <= t) this.channels.delete(key); // nothing to pace any more
        continue;
      }
      if (ch.readyAt > t) {
        earliest = Math.min(earliest, ch.readyAt);
        continue;
      }
      if (this.running >= this.options.concurrency) break;
      this.start(key, ch);
    }
    if (earliest < Infinity && earliest < this.wakeAt) {
      clearTimeout(this.timer);
      this.wakeAt = earliest;
      this.timer = setTimeout(() => {
        this.wakeAt = Infinity;
        this.pump();
      }, Math.max(0, earliest - t));
    }
  }

  private start(key: string, ch: Channel): void {
    const entry = ch.jobs[0]!;
    ch.busy = true;
    this.running += 1;
    const started = now();
    entry
      .job()
      .catch((err: unknown): JobStep => {
        this.options.onError(err, key);
        return { done: true };
      })
      .then((step) => {
        ch.busy = false;
        this.running -= 1;
        const interval = this.options.intervalMs(key);
        ch.readyAt = Math.max(ch.readyAt, started + (step.units ?? 0) * interval);
        if (step.done || this.closed) {
          ch.jobs.shift();
          entry.settle();
        } else {
          ch.readyAt = Math.max(ch.readyAt, now() + step.retryInMs);
        }
        if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
        this.pump();
      });
  }
}
