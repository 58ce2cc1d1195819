import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';

/** One SRV answer; `target: '.'` says the service is not offered (RFC 2782, RFC 6186). */
export interface SrvRecord {
  priority?: number;
  weight?: number;
  port: number;
  target: string;
}

export interface DnsServer {
  /** `127.0.0.1:port`, for `dns.Resolver#setServers`. */
  address: string;
  /** The names asked for, in order. */
  queries: string[];
  /** Names that get no answer at all (the resolver times out). */
  silent: Set<string>;
  close(): Promise<void>;
}

/**
 * A tiny DNS server on 127.0.0.1 (UDP) answering SRV and MX questions from tables; any other
 * name gets NXDOMAIN. Good enough for RFC 6186 discovery and MX tests, nothing else.
 */
export async function startDnsServer(srv: Record<string, SrvRecord[]>, mx: Record<string, string[]> = {}): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  const silent = new Set<string>();
  const table = new Map(Object.entries(srv).map(([name, records]) => [name.toLowerCase(), records]));
  const exchanges = new Map(Object.entries(mx).map(([name, hosts]) => [name.toLowerCase(), hosts]));
  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    queries.push(name);
    if (silent.has(name)) return;
    const records = question.type === 'SRV' ? table.get(name) : undefined;
    const hosts = question.type === 'MX' ? exchanges.get(name) : undefined;
    const known = table.has(name) || exchanges.has(name);
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3), // rcode 3: NXDOMAIN
      questions: [question],
      answers: [
        ...(records ?? []).map((record) => ({
          type: 'SRV' as const,
          name: question.name,
          ttl: 60,
          class: 'IN' as const,
          data: { priority: record.priority ?? 0, weight: record.weight ?? 0, port: record.port, target: record.target },
        })),
        ...(hosts ?? []).map((exchange, index) => ({ type: 'MX' as const, name: question.name, ttl: 60, class: 'IN' as const, data: { preference: 10 * (index + 1), exchange } })),
      ],
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    queries,
    silent,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
