import net from 'node:net';

/**
 * What the proxy does to the traffic (RECIPES.md "Faults that worked"), set with `setFault`:
 * - `pass`: forwards both ways untouched;
 * - `cut-after`: forwards until `bytes` more bytes went in `direction` (counted from the
 *   moment the fault is set, over every connection), then destroys the connection that
 *   carried the last byte, both sides, without a goodbye — a stream cut mid-response
 *   (`to-client`) or mid-upload such as SMTP DATA (`to-server`). One cut: the fault is back
 *   to `pass` afterwards;
 * - `stall`: forwards `bytes` more server bytes (0: none, not even a new greeting), then
 *   nothing more either way on the connections open then or opened later, and never closes
 *   them (a frozen link). Setting another fault lets new connections through; the frozen
 *   ones stay frozen until `dropAll`;
 * - `imap-unavailable`: new connections never reach the server: the proxy greets as an IMAP
 *   server and answers every tagged command `NO [UNAVAILABLE]` (RFC 5530), LOGOUT with BYE
 *   and OK. Open connections keep going (`dropAll` them to force a reconnect);
 * - `refuse`: closes every new connection at once (open ones keep going);
 * - `hold`: a slow link, not a broken one: everything either way is held back (new
 *   connections too, and a server's close) and delivered in order once another fault is
 *   set — to make a change on the server land in the middle of a client's session.
 */
export type ProxyFault =
  | { kind: 'pass' }
  | { kind: 'cut-after'; bytes: number; direction?: 'to-client' | 'to-server' }
  | { kind: 'stall'; bytes: number }
  | { kind: 'imap-unavailable' }
  | { kind: 'refuse' }
  | { kind: 'hold' };

/** A TCP relay in front of a server, whose network can be "pulled", put back, or broken on purpose. */
export interface TcpProxy {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Refuses new connections (ECONNREFUSED) and cuts every open one, as a lost network does. */
  goOffline(): Promise<void>;
  /** Listens again on the same port. */
  goOnline(): Promise<void>;
  /** Applies a fault from now on (see `ProxyFault`); `{ kind: 'pass' }` lifts it. */
  setFault(fault: ProxyFault): void;
  /** The fault in force now (`pass` again after a `cut-after` fired). */
  readonly fault: ProxyFault;
  /** How many cuts `cut-after` made so far. */
  readonly cuts: number;
  /** How many client connections the proxy accepted. */
  readonly accepted: number;
  /** Bytes forwarded so far, per direction, over every connection. */
  readonly forwarded: { readonly toClient: number; readonly toServer: number };
  /** Resolves once `bytes` more bytes went from the server to the client (to inject a fault at a byte count). */
  whenForwarded(bytes: number): Promise<void>;
  /** Destroys every open connection (both sides) without a goodbye, frozen ones included. */
  dropAll(): void;
  close(): Promise<void>;
}

interface Relay {
  client: net.Socket;
  upstream: net.Socket | null;
  frozen: boolean;
  /** Chunks held back by `hold`, in arrival order, and whether the server closed meanwhile. */
  held: { direction: 'to-client' | 'to-server'; chunk: Buffer }[];
  upstreamClosed: boolean;
}

/**
 * Relays 127.0.0.1:<port> to 127.0.0.1:<targetPort>. Offline, nothing listens on the port,
 * so clients see exactly what they see when a laptop has no network to the server.
 */
export async function startTcpProxy(targetPort: number, initial: ProxyFault = { kind: 'pass' }): Promise<TcpProxy> {
  const relays = new Set<Relay>();
  let server: net.Server | null = null;
  let port = 0;
  let fault: ProxyFault = initial;
  // Bytes counted against the current fault's budget (reset by `setFault`).
  let budgetUsed = 0;
  let cuts = 0;
  let accepted = 0;
  const forwarded = { toClient: 0, toServer: 0 };

  const destroy = (relay: Relay) => {
    relay.client.destroy();
    relay.upstream?.destroy();
    relays.delete(relay);
  };

  /** How much of `chunk` may go on in `direction` under the current fault; may cut or freeze. */
  const admit = (relay: Relay, direction: 'to-client' | 'to-server', chunk: Buffer): Buffer | null => {
    if (relay.frozen) return null;
    if (fault.kind === 'hold') {
      relay.held.push({ direction, chunk });
      return null;
    }
    if (fault.kind === 'stall') {
      if (direction === 'to-server' && budgetUsed >= fault.bytes) {
        relay.frozen = true;
        return null;
      }
      if (direction === 'to-client') {
        const allowed = chunk.subarray(0, Math.max(0, fault.bytes - budgetUsed));
        budgetUsed += allowed.length;
        if (allowed.length < chunk.length || budgetUsed >= fault.bytes) relay.frozen = true;
        return allowed;
      }
      return chunk;
    }
    if (fault.kind === 'cut-after' && (fault.direction ?? 'to-client') === direction) {
      const allowed = chunk.subarray(0, Math.max(0, fault.bytes - budgetUsed));
      budgetUsed += allowed.length;
      if (budgetUsed >= fault.bytes) {
        cuts += 1;
        fault = { kind: 'pass' };
        budgetUsed = 0;
        // The part before the cut still goes out; then the line is dead.
        relay.frozen = true;
        const target = direction === 'to-client' ? relay.client : relay.upstream;
        count(direction, allowed.length);
        if (target === null || allowed.length === 0) destroy(relay);
        else target.write(allowed, () => destroy(relay));
        return null;
      }
      return allowed;
    }
    return chunk;
  };
  const waiters = new Set<{ at: number; resolve: () => void }>();
  const count = (direction: 'to-client' | 'to-server', bytes: number) => {
    if (direction === 'to-server') {
      forwarded.toServer += bytes;
      return;
    }
    forwarded.toClient += bytes;
    for (const waiter of waiters) {
      if (forwarded.toClient < waiter.at) continue;
      waiters.delete(waiter);
      waiter.resolve();
    }
  };

  /** Delivers what `hold` held back, in order, through the fault now in force. */
  const release = (held: Relay) => {
    const chunks = held.held.splice(0);
    for (const { direction, chunk } of chunks) {
      const allowed = admit(held, direction, chunk);
      if (allowed === null || allowed.length === 0) continue;
      count(direction, allowed.length);
      (direction === 'to-client' ? held.client : held.upstream)?.write(allowed);
    }
    if (held.upstreamClosed && !held.frozen) held.client.end(() => destroy(held));
  };

  const relay = (client: net.Socket) => {
    accepted += 1;
    const current: Relay = { client, upstream: null, frozen: false, held: [], upstreamClosed: false };
    relays.add(current);
    // A peer resetting is part of the game; an unhandled 'error' would crash the run.
    client.on('error', () => {});
    client.on('close', () => destroy(current));
    if (fault.kind === 'refuse') return destroy(current);
    if (fault.kind === 'imap-unavailable') return answerUnavailable(client);
    if (fault.kind === 'stall' && budgetUsed >= fault.bytes) current.frozen = true;
    const upstream = net.connect(targetPort, '127.0.0.1');
    current.upstream = upstream;
    upstream.on('error', () => {});
    upstream.on('close', () => {
      // A frozen link never tells the client that the server went away; a held one tells
      // it once the held data went through.
      current.upstreamClosed = true;
      if (!current.frozen && fault.kind !== 'hold') destroy(current);
    });
    client.on('data', (chunk: Buffer) => {
      const allowed = admit(current, 'to-server', chunk);
      if (allowed === null || allowed.length === 0) return;
      count('to-server', allowed.length);
      upstream.write(allowed);
    });
    upstream.on('data', (chunk: Buffer) => {
      const allowed = admit(current, 'to-client', chunk);
      if (allowed === null || allowed.length === 0) return;
      count('to-client', allowed.length);
      client.write(allowed);
    });
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = net.createServer(relay);
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
      for (const open of [...relays]) destroy(open);
      if (current === null) return resolve();
      current.close(() => resolve());
    });
  await listen();
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    goOffline: stop,
    goOnline: () => (server === null ? listen() : Promise.resolve()),
    setFault(next) {
      const released = fault.kind === 'hold' && next.kind !== 'hold';
      fault = next;
      budgetUsed = 0;
      if (released) for (const open of [...relays]) release(open);
    },
    get fault() {
      return fault;
    },
    get cuts() {
      return cuts;
    },
    get accepted() {
      return accepted;
    },
    forwarded,
    whenForwarded(bytes) {
      if (bytes <= 0) return Promise.resolve();
      return new Promise((resolve) => waiters.add({ at: forwarded.toClient + bytes, resolve }));
    },
    dropAll() {
      for (const open of [...relays]) destroy(open);
    },
    close: stop,
  };
}

function answerUnavailable(client: net.Socket): void {
  client.write('* OK [CAPABILITY IMAP4rev1] Hirebox fault proxy ready\r\n');
  let buffered = '';
  client.setEncoding('latin1').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\r\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 2);
      const [tag, command = ''] = line.split(' ');
      if (!tag) continue;
      if (command.toUpperCase() === 'LOGOUT') {
        client.end(`* BYE logging out\r\n${tag} OK LOGOUT completed\r\n`);
        return;
      }
      client.write(`${tag} NO [UNAVAILABLE] The server is temporarily unavailable\r\n`);
    }
  });
}
