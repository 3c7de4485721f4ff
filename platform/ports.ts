/** Loopback ports for servers started by tests, the bench and local tools. */
import net from 'node:net';

/**
 * A port held open until `release()`: for a server that starts long after its URL must be known
 * (a port found free and let go at once may be taken meanwhile, e.g. as an outgoing connection's).
 */
export const reservePort = (): Promise<{ port: number; release: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      resolve({ port, release: () => new Promise<void>((done) => srv.close(() => done())) });
    });
  });

/** A port free right now, for a server started at once. */
export async function freePort(): Promise<number> {
  const { port, release } = await reservePort();
  await release();
  return port;
}
