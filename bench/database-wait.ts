// How long a request waited on the database: the driver's own command events
// (started, answered) for the bot's client, so a request's latency splits into
// time with a database command outstanding and the rest — our code, Bolt, the
// driver's encoding, HTTP. Only the bench turns the events on (monitorCommands
// in the URI); the bot never does.
import type { MongoClient } from 'mongodb';

/** The same connection string with the driver's command events turned on. */
export function withCommandEvents(uri: string): string {
  const url = new URL(uri);
  url.searchParams.set('monitorCommands', 'true');
  return url.toString();
}

const epochNow = () => performance.timeOrigin + performance.now();

export class DatabaseWait {
  /** Commands answered (or failed): [start, end] in epoch ms (performance.timeOrigin + now, comparable across processes), in order of their end. */
  private readonly done: [number, number][] = [];
  private readonly open = new Map<string, { at: number; what: string }>();
  /** Per command and collection ("insert status_updates"): how many, and their time in all (ms). */
  readonly commands = new Map<string, { n: number; ms: number }>();

  constructor(client: MongoClient) {
    const key = (e: { connectionId?: unknown; requestId: number }) => `${String(e.connectionId)}:${e.requestId}`;
    client.on('commandStarted', (e) => {
      const target = e.command[e.commandName];
      this.open.set(key(e), { at: epochNow(), what: typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName });
    });
    const end = (e: { connectionId?: unknown; requestId: number }) => {
      const started = this.open.get(key(e));
      if (started === undefined) return;
      this.open.delete(key(e));
      const now = epochNow();
      this.done.push([started.at, now]);
      const c = this.commands.get(started.what) ?? { n: 0, ms: 0 };
      c.n += 1;
      c.ms += now - started.at;
      this.commands.set(started.what, c);
    };
    client.on('commandSucceeded', end);
    client.on('commandFailed', end);
  }

  /**
   * Milliseconds within [from, to] during which at least one command sent within it was
   * outstanding. A command sent before `from` is another request's (the request keys are written
   * after an answer, and may still be in flight when the next request arrives): not this one's wait.
   */
  within(from: number, to: number): number {
    const spans = this.done
      .filter(([s]) => s >= from && s < to)
      .map(([s, e]): [number, number] => [Math.max(s, from), Math.min(e, to)])
      .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let reach = from;
    for (const [s, e] of spans) {
      const start = Math.max(s, reach);
      if (e > start) total += e - start;
      reach = Math.max(reach, e);
    }
    return total;
  }

  /** Forgets answered commands (between scenarios). */
  clear(): void {
    this.done.length = 0;
    this.commands.clear();
  }

  /** The commands since clear(), per request: "insert item_history 1.46 ms × 1.00, …", most time first. */
  perRequest(requests: number): string {
    return [...this.commands]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([what, c]) => `${what} ${(c.ms / c.n).toFixed(2)} ms × ${(c.n / requests).toFixed(2)}`)
      .join(', ');
  }
}
