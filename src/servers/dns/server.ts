import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { createServer, isIP, isIPv6, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { respond, type Responder } from './respond.js';
import { ANY_ZONE, ResponseCache } from './response-cache.js';
import { DEFAULT_TCP_LIMITS, TcpConnections } from './tcp-limits.js';
import { Signer } from './dnssec/signer.js';
import type { Clock } from '../../core/clock.js';

export interface DnsServerOptions {
  host: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  port: number;
  /** The TCP limits (tcp-limits.ts); each defaults to DEFAULT_TCP_LIMITS. RFC 7766 6.2.3: idle for seconds, not minutes. */
  tcpIdleMs?: number;
  /** A message must arrive whole within this of its first byte. */
  tcpMessageMs?: number;
  maxTcpConnections?: number;
  /** Connections one client (an IPv4 address, an IPv6 /64) may hold. */
  maxTcpPerAddress?: number;
  log?: { error(data: object, message: string): void };
  /** Times of the signatures of signed zones (tests move it); the system's by default. */
  clock?: Clock;
}

/** Bytes a TCP client may leave unread before we drop it: it is not reading its answers. */
const MAX_TCP_BACKLOG = 1 << 20;

/**
 * The authoritative DNS server's sockets: UDP and TCP on one address and port (RFC 7766: TCP is
 * required, not a fallback). Every message is answered synchronously by `respond`, from the index in
 * memory, so one slow client can hold nothing up but its own connection. A question asked again
 * gets the reply kept for it (ResponseCache) until the index, a health check or an ANAME target
 * changes: most of the time of an answer went to decoding, answering and encoding it anew.
 */
export class DnsServer {
  private udp: UdpSocket | undefined;
  private tcp: TcpServer | undefined;
  private readonly connections: TcpConnections;
  readonly cache: ResponseCache;
  /** The signatures of signed zones, made on answer and kept (dnssec/signer.ts). */
  readonly signer: Signer;
  private readonly responder: Responder;
  port = 0;

  constructor(
    responder: Responder,
    private readonly options: DnsServerOptions,
  ) {
    this.signer = responder.signer ?? new Signer(options.clock);
    this.responder = { ...responder, signer: this.signer };
    // Zone changes drop that zone's replies; health and ANAME counters only grow, and so does the
    // signer's epoch (a day: replies with signatures are not kept longer), so their sum moves whenever
    // one of them does, and then the whole cache goes.
    const { index, health, alias } = responder;
    const signer = this.signer;
    this.cache = new ResponseCache(
      () => (health?.version ?? 0) + (alias?.version ?? 0) + signer.epoch(),
      (qname) => {
        const zone = index.find(qname);
        return zone?.hasAname ? ANY_ZONE : zone?.name;
      },
    );
    index.onChange((name) => this.cache.zoneChanged(name));
    const d = DEFAULT_TCP_LIMITS;
    this.connections = new TcpConnections({
      maxConnections: options.maxTcpConnections ?? d.maxConnections,
      perAddress: options.maxTcpPerAddress ?? d.perAddress,
      idleMs: options.tcpIdleMs ?? d.idleMs,
      messageMs: options.tcpMessageMs ?? d.messageMs,
    });
  }

  async listen(): Promise<number> {
    // With port 0, the TCP port is taken where UDP got one; another process may hold it on TCP, so retry.
    for (let attempt = 0; ; attempt++) {
      const udp = await this.listenUdp(this.options.port);
      const port = (udp.address() as AddressInfo).port;
      try {
        this.tcp = await this.listenTcp(port);
        this.udp = udp;
        this.port = port;
        return port;
      } catch (err) {
        udp.close();
        if (this.options.port !== 0 || attempt >= 5) throw err;
      }
    }
  }

  async close(): Promise<void> {
    this.connections.closeAll();
    const closing: Promise<unknown>[] = [];
    if (this.tcp) closing.push(new Promise((resolve) => this.tcp!.close(resolve)));
    if (this.udp) closing.push(new Promise<void>((resolve) => this.udp!.close(() => resolve())));
    await Promise.all(closing);
    this.tcp = undefined;
    this.udp = undefined;
  }

  private async listenUdp(port: number): Promise<UdpSocket> {
    const udp = createSocket({ type: isIPv6(this.options.host) ? 'udp6' : 'udp4', lookup: literalFirst });
    // No callback on send: with one, Node queues a tick per datagram to call it, and a failed send
    // (a client gone) has nothing to be told anyway. A kept reply skips the array of answer().
    udp.on('message', (msg, rinfo) => {
      const kept = this.kept(msg, 'udp');
      if (kept) udp.send(kept, rinfo.port, rinfo.address);
      else for (const reply of this.answer(msg, 'udp', rinfo.address)) udp.send(reply, rinfo.port, rinfo.address);
    });
    // A send to an unreachable client must not take the server down.
    udp.on('error', (err) => this.options.log?.error({ err }, 'DNS UDP socket error'));
    // Listened for before bind(): with a numeric host, literalFirst lets it bind within the call.
    const [listening, failed] = [once(udp, 'listening'), once(udp, 'error')];
    udp.bind(port, this.options.host);
    await Promise.race([listening, failed.then(([err]) => Promise.reject(err))]);
    try {
      // Room for bursts while the event loop is busy; the kernel caps it at net.core.rmem_max.
      udp.setRecvBufferSize(4 << 20);
    } catch {
      /* the default then */
    }
    return udp;
  }

  private async listenTcp(port: number): Promise<TcpServer> {
    // No server.maxConnections: at the cap a new connection may take an idle one's place (tcp-limits.ts).
    const server = createServer((socket) => this.connection(socket));
    server.listen(port, this.options.host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
    server.on('error', (err) => this.options.log?.error({ err }, 'DNS TCP server error'));
    return server;
  }

  /** The kept reply to `msg`, if any (ResponseCache.get never throws on any input, but be sure). */
  private kept(msg: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined {
    try {
      return this.cache.get(msg, transport);
    } catch {
      return undefined;
    }
  }

  /** The replies to `msg` when none is kept (the caller asked `kept` first), kept for the next time. */
  private answer(msg: Buffer, transport: 'udp' | 'tcp', remote: string): Buffer[] {
    try {
      const replies = respond(this.responder, msg, transport, remote);
      if (replies.length === 1) this.cache.set(msg, transport, replies[0]!);
      return replies;
    } catch (err) {
      // respond() does not throw; should it ever, one message is lost and nothing else.
      this.options.log?.error({ err }, 'DNS message failed');
      return [];
    }
  }

  /** One TCP connection: messages framed by a two-byte length (RFC 1035 4.2.2), answered in order. */
  private connection(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    // Closed at once when over a limit; then its own deadlines, not socket.setTimeout's, which every byte renews.
    const deadlines = this.connections.admit(socket);
    if (!deadlines) return;
    socket.setNoDelay(true);
    const remote = socket.remoteAddress ?? '';
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        deadlines.complete();
        const kept = this.kept(message, 'tcp');
        for (const reply of kept ? [kept] : this.answer(message, 'tcp', remote)) {
          const framed = Buffer.allocUnsafe(2 + reply.length);
          framed.writeUInt16BE(reply.length, 0);
          reply.copy(framed, 2);
          socket.write(framed, deadlines.writing());
        }
        if (socket.writableLength > MAX_TCP_BACKLOG) {
          socket.destroy();
          return;
        }
      }
      if (pending.length > 0) deadlines.partial();
      else deadlines.settle();
    });
  }
}

/**
 * The UDP socket's address lookup: every address it sends to is a client's, a numeric one, which it
 * hands back at once. Node's default (dns.lookup) answers a numeric address too, but a tick later, with
 * a closure and an async context per datagram. A name (DNS_HOST given as one, at bind) is looked up.
 */
function literalFirst(
  address: string,
  options: unknown,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const family = isIP(address);
  if (family !== 0) callback(null, address, family);
  else dnsLookup(address, options as number, callback);
}
