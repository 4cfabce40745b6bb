import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 that holds every chunk for `oneWayMs` before passing it on, in each
 * direction: a round trip of twice that, seen by everything on the connection (the TCP and TLS
 * handshakes, the greeting, every command and answer), as a registry that far away would be.
 * The test registry's own latencyMs only waits before each answer it writes, which leaves the
 * handshakes at loopback speed and is a server's slowness rather than the network's.
 *
 * Chunks keep their order: each leaves at its arrival time plus the same delay, and timers of equal
 * duration fire in the order they were set. Nagle's algorithm is off on both legs so that the relay
 * never holds back a chunk of its own accord (on a real path the kernel forwards segments as they come).
 */
export interface DelayProxy {
  port: number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, oneWayMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  /** Relays `from` to `to` with the delay; an end or error on one side closes the other once the delayed data has gone. */
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, oneWayMs);
    });
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), oneWayMs + 1));
  };

  const server = createServer((client) => {
    client.setNoDelay(true);
    track(client);
    const upstream = connect({ host: target.host, port: target.port });
    upstream.setNoDelay(true);
    track(upstream);
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
