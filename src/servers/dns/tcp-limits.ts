import type { Socket } from 'node:net';
import { loginSource } from '../../core/accounts/login-source.js';

/**
 * What the DNS server's TCP connections may hold (RFC 7766 10: a server limits connections per client
 * and in all, and closes those that hold a slot without using it). An audit opened 600 connections that
 * each sent a byte every 6 s: every byte renewed the socket's idle timeout, so they held all 512 slots
 * and `dig +tcp` was refused for everyone. Now:
 * - a message must arrive whole within `messageMs` of its first byte; bytes that trickle in do not move
 *   that deadline;
 * - a connection with no message under way is closed after `idleMs` (RFC 7766 6.2.3: seconds), counted
 *   from its last answer, or from the last of its answer the client read;
 * - one client (an IPv4 address, an IPv6 /64) holds at most `perAddress` connections; one more is
 *   closed at once, so one address cannot fill the server;
 * - at `maxConnections`, a new connection takes the place of the one idle the longest (RFC 7766 6.2.3:
 *   idle ones go first under pressure); with none idle it is closed. Connections in the middle of a
 *   message are never closed for another: they are done within `messageMs` anyway.
 * Clients from as many addresses as maxConnections / perAddress, each trickling, can still fill it for
 * as long as they keep it up; a slot then frees every `messageMs`.
 */
export interface TcpLimits {
  maxConnections: number;
  perAddress: number;
  idleMs: number;
  messageMs: number;
}

/** NSD and Knot close idle connections within seconds; a query fits in a packet or two, so 5 s is ample. */
export const DEFAULT_TCP_LIMITS: TcpLimits = { maxConnections: 512, perAddress: 16, idleMs: 10_000, messageMs: 5_000 };

/** One admitted connection's clock: which deadline it runs against now. */
export class TcpConnection {
  private timer: NodeJS.Timeout | undefined;
  private messageSince: number | undefined;
  private writes = 0;
  /** Since when it has had nothing under way (no message coming, nothing to send); undefined while busy. */
  idleSince: number | undefined;

  constructor(
    readonly socket: Socket,
    readonly client: string,
    private readonly limits: TcpLimits,
  ) {
    this.idle();
  }

  /** Part of a message has come: its deadline runs from its first byte, whatever comes after. */
  partial(): void {
    if (this.messageSince !== undefined) return;
    this.messageSince = performance.now();
    this.idleSince = undefined;
    this.arm(this.limits.messageMs);
  }

  /** A whole message came (and was answered); what follows is the next one's. */
  complete(): void {
    this.messageSince = undefined;
  }

  /** An answer goes out; `sent` is called once the socket has taken it. */
  writing(): () => void {
    this.writes++;
    return () => {
      this.writes--;
      if (!this.socket.destroyed) this.settle();
    };
  }

  /** Nothing more of a message is waiting: idle once every answer is out, the client still reading them meanwhile. */
  settle(): void {
    if (this.messageSince !== undefined) return;
    if (this.writes === 0) this.idle();
    else {
      // Answers still going out: each one the client takes renews this, one it never takes does not.
      this.idleSince = undefined;
      this.arm(this.limits.idleMs);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private idle(): void {
    this.idleSince = performance.now();
    this.arm(this.limits.idleMs);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.socket.destroy(), ms);
  }
}

/** Every open TCP connection of the server, counted per client. */
export class TcpConnections {
  private readonly open = new Map<Socket, TcpConnection>();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: TcpLimits) {}

  get size(): number {
    return this.open.size;
  }

  /** A new connection under the limits, or undefined when it was closed instead. */
  admit(socket: Socket): TcpConnection | undefined {
    // loginSource: an IPv4 address as it is (IPv4-mapped ones too), an IPv6 address by its /64.
    const client = loginSource(socket.remoteAddress ?? '');
    if ((this.perClient.get(client) ?? 0) >= this.limits.perAddress || (this.open.size >= this.limits.maxConnections && !this.makeRoom())) {
      socket.destroy();
      return undefined;
    }
    const connection = new TcpConnection(socket, client, this.limits);
    this.open.set(socket, connection);
    this.perClient.set(client, (this.perClient.get(client) ?? 0) + 1);
    socket.on('close', () => this.release(socket));
    return connection;
  }

  closeAll(): void {
    for (const socket of [...this.open.keys()]) {
      this.release(socket);
      socket.destroy();
    }
  }

  /** Closes the connection idle the longest; false when none is idle. */
  private makeRoom(): boolean {
    let oldest: TcpConnection | undefined;
    for (const c of this.open.values()) if (c.idleSince !== undefined && (oldest === undefined || c.idleSince < oldest.idleSince!)) oldest = c;
    if (!oldest) return false;
    // Released now, not at its 'close' event: the slot is the new connection's at once.
    this.release(oldest.socket);
    oldest.socket.destroy();
    return true;
  }

  private release(socket: Socket): void {
    const connection = this.open.get(socket);
    if (!connection) return;
    connection.stop();
    this.open.delete(socket);
    const left = (this.perClient.get(connection.client) ?? 1) - 1;
    if (left > 0) this.perClient.set(connection.client, left);
    else this.perClient.delete(connection.client);
  }
}
