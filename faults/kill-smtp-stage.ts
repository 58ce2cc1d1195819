import net from 'node:net';

/**
 * Where in an SMTP transaction the engine dies: before the server sees `MAIL FROM`,
 * `RCPT TO` or `DATA`; with part of the message sent (`mid-data`); with the whole message
 * and its final dot sent but the server's answer withheld (`end-of-data`: the server
 * accepts it, the engine never learns). `after-250` is the server's own `afterAccept` hook.
 */
export const proxyStages = ['mail-from', 'rcpt-to', 'data', 'mid-data', 'end-of-data'] as const;
export type ProxyStage = (typeof proxyStages)[number];

export interface StageProxy {
  readonly port: number;
  /** Whether the stage was reached and `onStage` called. */
  triggered(): boolean;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of an SMTP server that reads what the client sends and, at the
 * `occurrence`-th time the client reaches `stage` (counted over every connection), forwards
 * exactly up to that point, stops relaying both ways on that connection and calls
 * `onStage` (which kills the engine). Every other connection, and everything after, is
 * relayed untouched.
 */
export async function startStageProxy(targetPort: number, stage: ProxyStage, occurrence: number, fraction: number, onStage: () => void): Promise<StageProxy> {
  const sockets = new Set<net.Socket>();
  let seen = 0;
  let fired = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    let frozen = false;
    let inData = false;
    let dataStarted = false;
    let tail = '';
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('data', (chunk: Buffer) => {
      if (!frozen) client.write(chunk);
    });
    /** Counts one arrival at `at`; true when this is the one to stop at. */
    const reached = (at: ProxyStage): boolean => {
      if (fired || at !== stage) return false;
      seen++;
      return seen === occurrence;
    };
    /** Sends `forward` (the part of the stage's chunk not yet relayed), then stops this connection and kills. */
    const fire = (forward: Buffer) => {
      if (forward.length > 0) upstream.write(forward);
      frozen = true;
      fired = true;
      onStage();
    };
    client.on('data', (chunk: Buffer) => {
      if (frozen) return;
      let offset = 0;
      while (offset < chunk.length) {
        if (inData) {
          const rest = chunk.subarray(offset);
          if (!dataStarted) {
            dataStarted = true;
            if (reached('mid-data')) {
              const cut = Math.max(1, Math.floor(rest.length * fraction));
              return fire(rest.subarray(0, Math.min(cut, rest.length - 1)));
            }
          }
          const text = tail + rest.toString('latin1');
          const end = text.indexOf('\r\n.\r\n');
          if (end < 0) {
            tail = text.slice(-4);
            upstream.write(chunk.subarray(offset));
            return;
          }
          const consumed = end + 5 - tail.length;
          tail = '';
          inData = false;
          dataStarted = false;
          if (reached('end-of-data')) return fire(chunk.subarray(offset, offset + consumed));
          upstream.write(chunk.subarray(offset, offset + consumed));
          offset += consumed;
          continue;
        }
        const lineEnd = chunk.indexOf('\r\n', offset);
        const next = lineEnd < 0 ? chunk.length : lineEnd + 2;
        const line = chunk.subarray(offset, next).toString('latin1').toUpperCase();
        const command: ProxyStage | null = line.startsWith('MAIL FROM:') ? 'mail-from' : line.startsWith('RCPT TO:') ? 'rcpt-to' : line.trim() === 'DATA' ? 'data' : null;
        if (command !== null && reached(command)) return fire(Buffer.alloc(0));
        upstream.write(chunk.subarray(offset, next));
        if (command === 'data') inData = true;
        offset = next;
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    triggered: () => fired,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
