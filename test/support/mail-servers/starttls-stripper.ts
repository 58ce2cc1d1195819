import net from 'node:net';

/** A proxy in front of a server that offers STARTTLS, playing the attacker who strips it. */
export interface StartTlsStripper {
  readonly host: '127.0.0.1';
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy that removes STARTTLS from what an IMAP or SMTP server offers (IMAP
 * `CAPABILITY` answers and greetings, SMTP `EHLO` answers) and refuses the command itself,
 * as a downgrade attacker on the network would: a client that does not insist on
 * STARTTLS goes on in plain text. Everything else passes unchanged.
 */
export async function startStartTlsStripper(target: { host: string; port: number }, protocol: 'imap' | 'smtp'): Promise<StartTlsStripper> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.host, port: target.port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    forwardLines(upstream, (line) => client.write(`${stripOffer(line, protocol)}\r\n`, 'latin1'));
    forwardLines(client, (line) => {
      const command = /^(?:(\S+) )?STARTTLS$/iu.exec(line.trim());
      if (command === null) upstream.write(`${line}\r\n`, 'latin1');
      else if (protocol === 'imap') client.write(`${command[1] ?? '*'} BAD Unknown command\r\n`);
      else client.write('502 5.5.1 Unknown command\r\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The line without STARTTLS on offer. SMTP keeps its line (its `-`/space continuation), renamed. */
function stripOffer(line: string, protocol: 'imap' | 'smtp'): string {
  if (protocol === 'smtp') return line.replace(/^(250[ -])STARTTLS$/iu, '$1X-NOTHING');
  return /CAPABILITY/iu.test(line) ? line.replace(/ STARTTLS\b/giu, '') : line;
}

function forwardLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, end).replace(/\r$/u, ''));
      buffer = buffer.slice(end + 1);
    }
  });
}
