/**
 * A TCP proxy in front of a server, to take that server away from one client without touching
 * anyone else's connection to it: `cut()` closes every connection and refuses new ones (a crashed
 * or unreachable server), `freeze()` accepts connections and passes nothing (a frozen server: its
 * kernel still accepts), `restore()` passes traffic again.
 */
import net from 'node:net';

export interface TcpProxy {
  /** 127.0.0.1:port of the proxy */
  port: number;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'pass' | 'cut' | 'freeze' = 'pass';
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'cut') return client.destroy();
    if (mode === 'freeze') return; // held open, never answered
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      mode = 'cut';
      dropAll();
    },
    freeze() {
      mode = 'freeze';
      // open connections stay open and carry nothing more, as to a stopped process
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      mode = 'pass';
      dropAll(); // frozen connections are dead to their clients; let them reconnect
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
