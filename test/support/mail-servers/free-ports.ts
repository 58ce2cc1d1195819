import net from 'node:net';

/**
 * `count` distinct free TCP ports on 127.0.0.1. All are held open until every one is
 * known, so they differ; another process may still take one before the caller binds it,
 * which is why `startDovecot` retries with fresh ports when a listener fails.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}
