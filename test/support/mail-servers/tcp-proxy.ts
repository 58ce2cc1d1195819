import net from 'node:net';

/** A TCP relay in front of a server, whose network can be "pulled" and put back. */
export interface TcpProxy {
  readonly port: number;
  /** Refuses new connections (ECONNREFUSED) and cuts every open one, as a lost network does. */
  goOffline(): Promise<void>;
  /** Listens again on the same port. */
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<port> to 127.0.0.1:<targetPort>. Offline, nothing listens on the port,
 * so clients see exactly what they see when a laptop has no network to the server.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer((client) => {
        const upstream = net.connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => {});
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as net.AddressInfo).port;
        server = next;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (current === null) return resolve();
      current.close(() => resolve());
    });
  await listen();
  return {
    get port() {
      return port;
    },
    goOffline: stop,
    goOnline: () => (server === null ? listen() : Promise.resolve()),
    close: stop,
  };
}
