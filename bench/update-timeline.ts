// Where one person's update spends its time, step by step: from the request's
// arrival at the bot's HTTP server, through each database command (the driver's
// own command events), to the answer's last byte. Summed over many updates as
// the median of each gap, so the slow gaps between commands show which step of
// ours (or the driver's) they belong to. Only the bench turns it on.
import diagnostics from 'node:diagnostics_channel';
import type { MongoClient } from 'mongodb';

type Mark = { at: number; what: string };

export class UpdateTimeline {
  private marks: Mark[] = [];
  private on = false;
  private readonly open = new Map<string, string>();

  constructor(client: MongoClient) {
    const key = (e: { connectionId?: unknown; requestId: number }) => `${String(e.connectionId)}:${e.requestId}`;
    client.on('commandStarted', (e) => {
      if (!this.on) return;
      const target = e.command[e.commandName];
      const what = typeof target === 'string' ? `${e.commandName} ${target}` : e.commandName;
      this.open.set(key(e), what);
      this.mark(`> ${what}`);
    });
    const end = (e: { connectionId?: unknown; requestId: number }) => {
      const what = this.open.get(key(e));
      if (what === undefined) return;
      this.open.delete(key(e));
      this.mark(`< ${what}`);
    };
    client.on('commandSucceeded', end);
    client.on('commandFailed', end);
    diagnostics.subscribe('http.server.request.start', () => this.mark('request'));
    diagnostics.subscribe('http.server.response.finish', () => this.mark('answered'));
  }

  private mark(what: string): void {
    if (this.on) this.marks.push({ at: performance.now(), what });
  }

  start(): void {
    this.marks = [];
    this.on = true;
  }

  /** The median time of each step (between consecutive marks), for requests whose steps came in the most common order. */
  stop(): string {
    this.on = false;
    const requests: Mark[][] = [];
    for (const m of this.marks) {
      if (m.what === 'request') requests.push([m]);
      else requests.at(-1)?.push(m);
    }
    const shapes = new Map<string, Mark[][]>();
    for (const r of requests) {
      const end = r.findIndex((m) => m.what === 'answered');
      const steps = end < 0 ? r : r.slice(0, end + 1);
      const shape = steps.map((m) => m.what).join('|');
      shapes.set(shape, [...(shapes.get(shape) ?? []), steps]);
    }
    const [shape, same] = [...shapes].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    if (!same.length) return 'no requests';
    const names = shape.split('|');
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const lines = names.slice(1).map((what, i) => {
      const gap = median(same.map((s) => s[i + 1]!.at - s[i]!.at));
      const inside = what.startsWith('<');
      return `  ${gap.toFixed(3).padStart(7)} ms  ${inside ? '  (database)' : '  ours/driver'}  ${names[i]} → ${what}`;
    });
    const total = median(same.map((s) => s.at(-1)!.at - s[0]!.at));
    return `${same.length} of ${requests.length} requests in this order; median of each step:\n${lines.join('\n')}\n  total (median) ${total.toFixed(3)} ms`;
  }
}
