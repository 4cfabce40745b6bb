import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FakeWhois {
  port: number;
  /** "127.0.0.1:<port>", as WHOIS_SERVERS and referrals name it. */
  address: string;
  /** Every query received, without its CRLF. */
  queries: string[];
  close(): Promise<void>;
}

type Answer = string | Buffer | null;

/**
 * A WHOIS server on a free loopback port (RFC 3912): reads one line, writes `answer(query)` and
 * closes. An answer of null leaves the connection open and silent, like a server that hangs; a
 * promise lets a test answer late.
 */
export async function startFakeWhois(answer: (query: string) => Answer | Promise<Answer>): Promise<FakeWhois> {
  const queries: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      const query = buffered.slice(0, end);
      queries.push(query);
      void Promise.resolve(answer(query)).then((text) => {
        if (text !== null && !socket.destroyed) socket.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
