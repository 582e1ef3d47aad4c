// A TCP proxy in front of the database that can make it vanish at one exact
// moment: right after the server has acknowledged an insert into a given
// collection. It reads just enough of MongoDB's wire protocol (OP_MSG: the
// command's name and collection) to see that insert and its reply go by, lets
// the reply through (or swallows it: the write is made, the writer never
// hears), then drops every connection and refuses new ones until restore().
// So a test can put the database's disappearance between a write and whatever
// the bot does next.
import { startForwardingProxy } from '../support/tcp-proxy.js';

const OP_MSG = 2013;

export interface MongoCutProxy {
  uri: string;
  /** After the next acknowledged insert into `collection`, the database goes away. */
  cutAfterInsertInto(collection: string): Promise<void>;
  /** The next insert into `collection` is made, but the database goes away before its acknowledgement reaches the writer. */
  cutBeforeAckOfInsertInto(collection: string): Promise<void>;
  restore(): void;
  close(): Promise<void>;
}

interface Framer {
  push(chunk: Buffer): Buffer[];
}

/** Splits a byte stream into whole wire-protocol messages (each starts with its int32 length). */
export function framer(): Framer {
  let pending = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = Buffer.concat([pending, chunk]);
      const out: Buffer[] = [];
      while (pending.length >= 4) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        out.push(pending.subarray(0, length));
        pending = pending.subarray(length);
      }
      return out;
    },
  };
}

/** An OP_MSG's command name and its string argument (the collection, for insert/update/find). */
export function commandOf(message: Buffer): { requestId: number; name: string; target?: string } | undefined {
  if (message.length < 27 || message.readInt32LE(12) !== OP_MSG || message[20] !== 0) return undefined;
  const type = message[25];
  const keyEnd = message.indexOf(0, 26);
  if (keyEnd < 0) return undefined;
  const name = message.subarray(26, keyEnd).toString('utf8');
  const requestId = message.readInt32LE(4);
  if (type !== 0x02) return { requestId, name };
  const length = message.readInt32LE(keyEnd + 1);
  return { requestId, name, target: message.subarray(keyEnd + 5, keyEnd + 5 + length - 1).toString('utf8') };
}

export async function startMongoCutProxy(targetUri: string): Promise<MongoCutProxy> {
  let armed: { collection: string; deliverAck: boolean; requestIds: Set<number>; fired: () => void } | undefined;
  const proxy = await startForwardingProxy(targetUri, (client, upstream) => {
    const fromClient = framer();
    const fromServer = framer();
    client.on('data', (chunk: Buffer) => {
      for (const m of fromClient.push(chunk)) {
        const c = commandOf(m);
        if (armed && c?.name === 'insert' && c.target === armed.collection) armed.requestIds.add(c.requestId);
        upstream.write(m);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      for (const m of fromServer.push(chunk)) {
        const responseTo = m.length >= 12 ? m.readInt32LE(8) : -1;
        const trigger = armed?.requestIds.has(responseTo) ? armed : undefined;
        if (!trigger) {
          client.write(m);
          continue;
        }
        armed = undefined;
        if (!trigger.deliverAck) {
          // The server has made the write; the writer never hears so.
          proxy.cut();
          trigger.fired();
          return;
        }
        // The acknowledgement reaches the bot; then the database is gone.
        client.write(m, () => {
          proxy.cut();
          trigger.fired();
        });
        return;
      }
    });
  });
  return {
    uri: proxy.uri,
    cutAfterInsertInto(collection) {
      return new Promise((resolve) => {
        armed = { collection, deliverAck: true, requestIds: new Set(), fired: resolve };
      });
    },
    cutBeforeAckOfInsertInto(collection) {
      return new Promise((resolve) => {
        armed = { collection, deliverAck: false, requestIds: new Set(), fired: resolve };
      });
    },
    restore: proxy.restore,
    close: proxy.close,
  };
}
