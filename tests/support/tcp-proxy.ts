// TCP proxies on 127.0.0.1 in front of the suite's database. The forwarding
// proxy underneath: `cut()` drops every connection and refuses new ones (the
// database "goes down" mid-request), `restore()` lets traffic through again.
// How bytes cross an open connection is up to the proxy built on it.
import net from 'node:net';

export interface ForwardingProxy {
  uri: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** Forwards `client` ↔ `upstream`; called once per accepted connection. */
export type Forward = (client: net.Socket, upstream: net.Socket) => void;

export async function startForwardingProxy(targetUri: string, forward: Forward, accept?: (client: net.Socket) => boolean): Promise<ForwardingProxy> {
  const target = new URL(targetUri.replace(/^mongodb:/, 'http:'));
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    // `accept` may keep the connection itself (a hanging database).
    if (accept && !accept(client)) {
      sockets.add(client);
      client.on('error', () => sockets.delete(client));
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    forward(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    uri: targetUri.replace(`${target.hostname}:${target.port}`, `127.0.0.1:${port}`),
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TcpProxy extends ForwardingProxy {
  /** The database hangs: connections are accepted and never answered. */
  hang(): void;
}

export async function startTcpProxy(targetUri: string): Promise<TcpProxy> {
  let hanging = false;
  const proxy = await startForwardingProxy(
    targetUri,
    (client, upstream) => {
      // Forwarded by hand (not pipe) so that hang() can swallow traffic on open connections too.
      client.on('data', (d: Buffer) => void (hanging || upstream.write(d)));
      upstream.on('data', (d: Buffer) => void (hanging || client.write(d)));
    },
    (client) => {
      if (hanging) client.resume();
      return !hanging;
    },
  );
  return {
    ...proxy,
    hang() {
      hanging = true;
    },
    restore() {
      hanging = false;
      proxy.restore();
    },
  };
}
