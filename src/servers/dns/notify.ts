import { createSocket } from 'node:dgram';
import { isIP, isIPv6 } from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { ZoneSoa } from '../../ports/dns.js';
import { OPCODE } from './wire.js';

export interface Secondary {
  host: string;
  port: number;
}

export interface NotifyOptions {
  /** Attempts per secondary and zone (RFC 1996 3.6: retransmit until answered, a few times). */
  attempts: number;
  /** Wait for an answer before the next attempt; doubles each time. */
  timeoutMs: number;
  /**
   * The address NOTIFY goes out from: the DNS server's own (DNS_HOST). A secondary accepts NOTIFY only
   * from a primary it knows, and a host with several addresses would otherwise send from whichever its
   * route picks. Unset, a wildcard (0.0.0.0, ::) or a name: the system's choice.
   */
  source?: string;
}

export const DEFAULT_NOTIFY_OPTIONS: NotifyOptions = { attempts: 5, timeoutMs: 1000 };

/** The address to bind a socket of `family` to for `source`, when it names one of that family. */
function bindAddress(source: string | undefined, family: 4 | 6): string | undefined {
  if (!source || isIP(source) !== family || source === '0.0.0.0' || /^[0:]+$/.test(source)) return undefined;
  return source;
}

export interface NotifyLog {
  warn(data: object, message: string): void;
}

/** The NOTIFY message for `zone` (RFC 1996 3.7), with its new SOA in the answer section as a hint. */
export function notifyMessage(id: number, zone: string, soa: ZoneSoa): Buffer {
  return dnsPacket.encode({
    id,
    type: 'query',
    // opcode NOTIFY, AA set (RFC 1996 3.7)
    flags: (OPCODE.NOTIFY << 11) | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: zone, type: 'SOA', class: 'IN' }],
    answers: [
      {
        name: zone,
        type: 'SOA',
        class: 'IN',
        ttl: soa.ttl,
        data: { mname: soa.primary_ns, rname: soa.hostmaster, serial: soa.serial, refresh: soa.refresh, retry: soa.retry, expire: soa.expire, minimum: soa.minimum },
      },
    ],
  });
}

/**
 * Tells secondaries that a zone changed (DNS NOTIFY, RFC 1996), so they ask for its SOA and transfer
 * it now rather than at the next refresh. Sent over UDP from an ephemeral port of `source`, retried
 * until the secondary answers; a secondary that never answers still refreshes on the SOA's timers.
 */
export class Notifier {
  private closed = false;
  private readonly pending = new Set<Promise<boolean>>();

  constructor(
    private readonly secondaries: readonly Secondary[],
    private readonly options: NotifyOptions = DEFAULT_NOTIFY_OPTIONS,
    private readonly log?: NotifyLog,
  ) {}

  /** Notifies every secondary of `zone`, now at `soa`; resolves with whether each one answered. */
  notify(zone: string, soa: ZoneSoa): Promise<boolean[]> {
    return Promise.all(
      this.secondaries.map((s) => {
        const sent = this.send(s, zone, soa);
        this.pending.add(sent);
        void sent.finally(() => this.pending.delete(sent));
        return sent;
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
  }

  private send(target: Secondary, zone: string, soa: ZoneSoa): Promise<boolean> {
    const id = randomInt(0, 0x10000);
    const message = notifyMessage(id, zone, soa);
    const serial = soa.serial;
    const family = isIPv6(target.host) ? 6 : 4;
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    const from = bindAddress(this.options.source, family);
    // Sends wait for the bind; a bind that fails (the address is gone) fails them, as an unreachable secondary would.
    if (from) socket.bind(0, from);
    return new Promise<boolean>((resolve) => {
      let attempt = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        socket.close();
        if (!ok && !this.closed) this.log?.warn({ zone, serial, secondary: `${target.host}:${target.port}` }, 'NOTIFY not answered');
        resolve(ok);
      };
      socket.on('error', () => undefined);
      socket.on('message', (buf) => {
        // The answer: same id, a response, opcode NOTIFY (RFC 1996 4.7).
        if (buf.length >= 12 && buf.readUInt16BE(0) === id && (buf[2]! & 0x80) !== 0 && ((buf[2]! >> 3) & 0xf) === OPCODE.NOTIFY) {
          finish(true);
        }
      });
      const next = () => {
        if (this.closed || attempt >= this.options.attempts) return finish(false);
        const wait = this.options.timeoutMs * 2 ** attempt++;
        socket.send(message, target.port, target.host, () => undefined);
        timer = setTimeout(next, wait);
        timer.unref();
      };
      next();
    });
  }
}
