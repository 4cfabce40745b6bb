import { connect } from 'node:net';
import type { WhoisAnswer, WhoisLookup, WhoisNoService } from '../../ports/lookup.js';
import { DomainError } from '../../core/errors.js';

export interface WhoisClientOptions {
  /** TLD (punycode, no dot) -> "host[:port]" of its WHOIS server; other TLDs are found through IANA. */
  servers: Record<string, string>;
  /** "host[:port]" of the IANA WHOIS server (whois.iana.org), asked for the server of unlisted TLDs. */
  ianaServer: string;
  /** Deadline for a whole lookup, the IANA referral included. */
  timeoutMs: number;
  /** Largest answer kept; the rest is dropped. Registry answers are a few KiB; this bounds a bad server. */
  maxAnswerBytes?: number;
}

const WHOIS_PORT = 43;
const DEFAULT_MAX_ANSWER = 1024 * 1024;

interface Endpoint {
  host: string;
  port: number;
  /** As configured or referred ("whois.nic.fi", "127.0.0.1:4343"), for messages. */
  label: string;
}

/**
 * "whois.nic.fi", "whois.nic.fi:43", "192.0.2.1:4343", "[2001:db8::1]:43" or a bare IPv6 address.
 * A port is accepted in referrals too: IANA never sends one, but it lets a test or a private
 * registry point at a non-standard port.
 */
export function parseEndpoint(value: string): Endpoint | undefined {
  const label = value.trim();
  let host = label;
  let port = WHOIS_PORT;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(label);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if ((label.match(/:/g) ?? []).length === 1) {
    const [h, p] = label.split(':') as [string, string];
    host = h;
    port = Number(p);
  }
  if (host === '' || /\s/.test(host) || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port, label };
}

/** The server IANA names for a TLD ("refer:" is the WHOIS referral, "whois:" the TLD's WHOIS field). */
function ianaReferral(text: string): string | undefined {
  for (const key of ['refer', 'whois']) {
    const m = new RegExp(`^${key}:[ \\t]*(\\S+)[ \\t]*$`, 'im').exec(text);
    if (m) return m[1];
  }
  return undefined;
}

/** WHOIS has no charset negotiation (RFC 3912 section 3): most servers send UTF-8, some Latin-1. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return err.message;
  }
}

/**
 * RFC 3912 WHOIS client: connects to port 43, sends the query and CRLF, reads until the server
 * closes. A TLD's server comes from the configured map, else from IANA's referral (cached for the
 * life of the process: IANA's TLD servers change rarely, and a restart picks up a change).
 */
export class WhoisClient implements WhoisLookup {
  private readonly referrals = new Map<string, string>();

  constructor(private readonly options: WhoisClientOptions) {}

  async query(domain: string): Promise<WhoisAnswer | WhoisNoService> {
    const deadline = Date.now() + this.options.timeoutMs;
    const tld = domain.slice(domain.lastIndexOf('.') + 1).toLowerCase();
    let server = this.options.servers[tld] ?? this.referrals.get(tld);
    if (server === undefined) {
      const iana = this.endpoint(this.options.ianaServer);
      const text = await this.exchange(iana, tld, deadline);
      server = ianaReferral(text);
      if (server === undefined) {
        // IANA answers "domain: COM ..." for every TLD in the root zone, and "returned 0 objects" otherwise.
        return { kind: /^domain:/im.test(text) ? 'no_server' : 'unknown_tld' };
      }
      this.referrals.set(tld, server);
    }
    const endpoint = this.endpoint(server);
    const rawText = await this.exchange(endpoint, domain, deadline);
    return { kind: 'answer', server: endpoint.label, rawText };
  }

  private endpoint(value: string): Endpoint {
    const endpoint = parseEndpoint(value);
    if (!endpoint) throw new DomainError('upstream_unavailable', `WHOIS server ${value} could not be reached: not a host[:port]`);
    return endpoint;
  }

  /**
   * One RFC 3912 exchange; resolves with the answer (cut at the size limit), rejects with
   * upstream_unavailable on a connection error, the deadline, or a server that closes without a word.
   */
  private exchange(endpoint: Endpoint, query: string, deadline: number): Promise<string> {
    const max = this.options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(new DomainError('upstream_unavailable', `WHOIS server ${endpoint.label} could not be reached: ${reason}`));
      };
      const finish = (truncated = false) => {
        if (settled) return;
        if (size === 0) return fail('empty answer');
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        let bytes = Buffer.concat(chunks, size);
        // Cut at a line end, so that a multi-byte character is not split and the last line is whole.
        if (truncated && bytes.lastIndexOf(0x0a) > 0) bytes = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1);
        resolve(decode(bytes));
      };
      const remaining = Math.max(0, deadline - Date.now());
      const timer = setTimeout(() => fail(`no answer within ${this.options.timeoutMs} ms`), remaining);
      const socket = connect({ host: endpoint.host, port: endpoint.port });
      socket.on('connect', () => socket.write(`${query}\r\n`));
      socket.on('data', (chunk: Buffer) => {
        const room = max - size;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          finish(true);
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      socket.on('end', () => finish());
      socket.on('close', () => finish());
      socket.on('error', (err) => fail(describe(err)));
    });
  }
}
