// A TCP proxy on 127.0.0.1 in front of the suite's database: `cut()` drops
// every connection and refuses new ones (the database "goes down" mid-request),
// `restore()` lets traffic through again.
import net from 'node:net';

export interface TcpProxy {
  uri: string;
  cut(): void;
  /** The database hangs: connections are accepted and never answered. */
  hang(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUri: string): Promise<TcpProxy> {
  const target = new URL(targetUri.replace(/^mongodb:/, 'http:'));
  const sockets = new Set<net.Socket>();
  let down = false;
  let hanging = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    if (hanging) {
      sockets.add(client);
      client.on('error', () => sockets.delete(client)).resume();
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
    // Forwarded by hand (not pipe) so that hang() can swallow traffic on open connections too.
    client.on('data', (d: Buffer) => void (hanging || upstream.write(d)));
    upstream.on('data', (d: Buffer) => void (hanging || client.write(d)));
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
    hang() {
      hanging = true;
    },
    restore() {
      down = false;
      hanging = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
