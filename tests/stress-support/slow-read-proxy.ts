// A TCP proxy in front of the database that makes chosen reads slow while the
// server itself keeps answering: the replies to the next N `find` commands on a
// collection are held for a while; everything else (pings, other reads, writes)
// goes straight through. So a test can tell a busy database from a gone one.
import { startForwardingProxy } from '../support/tcp-proxy.js';
import { commandOf, framer } from './mongo-cut-proxy.js';

export interface SlowReadProxy {
  uri: string;
  /** The replies to the next `count` finds on `collection` arrive `delayMs` late. */
  slowFinds(collection: string, count: number, delayMs: number): void;
  /** How many finds were slowed so far. */
  slowed(): number;
  close(): Promise<void>;
}

export async function startSlowReadProxy(targetUri: string): Promise<SlowReadProxy> {
  let plan: { collection: string; left: number; delayMs: number } | undefined;
  let slowed = 0;
  const proxy = await startForwardingProxy(targetUri, (client, upstream) => {
    const fromClient = framer();
    const fromServer = framer();
    const held = new Map<number, number>();
    client.on('data', (chunk: Buffer) => {
      for (const m of fromClient.push(chunk)) {
        const c = commandOf(m);
        if (plan && plan.left > 0 && c?.name === 'find' && c.target === plan.collection) {
          plan.left--;
          slowed++;
          held.set(c.requestId, plan.delayMs);
        }
        upstream.write(m);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const m of fromServer.push(chunk)) {
        const delay = held.get(m.readInt32LE(8));
        if (delay === undefined) client.write(m);
        else setTimeout(() => client.writable && client.write(m), delay);
      }
    });
  });
  return {
    uri: proxy.uri,
    slowFinds(collection, count, delayMs) {
      plan = { collection, left: count, delayMs };
    },
    slowed: () => slowed,
    close: proxy.close,
  };
}
