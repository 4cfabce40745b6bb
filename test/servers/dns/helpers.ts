import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import type { PublishedRecord, ZoneSnapshot } from '../../../src/ports/dns.js';
import type { HealthView } from '../../../src/servers/dns/answer.js';
import type { AliasView } from '../../../src/servers/dns/alias.js';
import { DnsServer, type DnsServerOptions } from '../../../src/servers/dns/server.js';
import { ZoneIndex } from '../../../src/servers/dns/zone-index.js';
import type { Clock } from '../../../src/core/clock.js';

const run = promisify(execFile);

/**
 * The DNS tests ask real clients from Debian: dig (dnsutils) and kdig (knot-dnsutils). Without them
 * the tests fail, saying what to install, rather than pass having checked nothing.
 */
export function requireDnsClients(): void {
  for (const [tool, pkg] of [['dig', 'dnsutils'], ['kdig', 'knot-dnsutils']] as const) {
    try {
      execFileSync(tool, [tool === 'dig' ? '-v' : '-V'], { stdio: 'ignore' });
    } catch {
      assert.fail(`${tool} is not installed: apt-get install -y ${pkg} (the DNS tests query the server with real clients)`);
    }
  }
}

export interface DigResult {
  status: string;
  flags: string[];
  answer: string[][];
  authority: string[][];
  additional: string[][];
  /** An OPT pseudo-section was present (EDNS). */
  edns: boolean;
  raw: string;
}

/** Reads dig's or kdig's default output: the status, the header flags and each section's records as fields. */
export function parseDigOutput(raw: string): DigResult {
  const status = /status: ([A-Z]+)/.exec(raw)?.[1] ?? '';
  const flags = (/;; [Ff]lags: ([a-z ]*);/.exec(raw)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const section = (title: string) => {
    const out: string[][] = [];
    const lines = raw.split('\n');
    let i = lines.findIndex((l) => l.startsWith(`;; ${title} SECTION:`));
    if (i === -1) return out;
    for (i++; i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.startsWith(';;'); i++) {
      out.push(lines[i]!.trim().split(/\s+/));
    }
    return out;
  };
  return {
    status,
    flags,
    answer: section('ANSWER'),
    authority: section('AUTHORITY'),
    additional: section('ADDITIONAL'),
    edns: /OPT PSEUDOSECTION|EDNS PSEUDOSECTION/.test(raw),
    raw,
  };
}

/** `dig @127.0.0.1 -p <port> <args...>`; never blocks the event loop the server runs on. */
export async function dig(port: number, ...args: string[]): Promise<DigResult> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(port), '+tries=1', '+time=2', ...args]);
  return parseDigOutput(stdout);
}

export async function kdig(port: number, ...args: string[]): Promise<DigResult> {
  const { stdout } = await run('kdig', ['@127.0.0.1', '-p', String(port), '+retry=0', '+time=2', ...args]);
  return parseDigOutput(stdout);
}

export async function kdigRaw(port: number, ...args: string[]): Promise<string> {
  return (await run('kdig', ['@127.0.0.1', '-p', String(port), '+retry=0', '+time=2', ...args])).stdout;
}

/** "name ttl class type data..." -> "name type data..." (TTLs compared separately). */
export const rr = (fields: string[]) => [fields[0], ...fields.slice(3)].join(' ');

/** One UDP exchange with the server, in-process (fast, for polling); undefined on timeout. */
export function udpExchange(port: number, message: Buffer, timeoutMs = 500, host = '127.0.0.1'): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, timeoutMs);
    socket.once('message', (buf) => {
      clearTimeout(timer);
      socket.close();
      resolve(buf);
    });
    socket.send(message, port, host);
  });
}

/** One TCP exchange: the framed message out, the first framed answer back. */
export function tcpExchange(port: number, message: Buffer, timeoutMs = 1000): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = Buffer.alloc(0);
    const done = (value: Buffer | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('data', (chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) done(got.subarray(2, 2 + got.readUInt16BE(0)));
    });
    socket.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(message.length);
      socket.write(Buffer.concat([len, message]));
    });
  });
}

let nextId = 1;
export function query(name: string, type: string, options: { edns?: boolean; udpSize?: number; id?: number; do?: boolean } = {}): Buffer {
  return dnsPacket.encode({
    id: options.id ?? (nextId++ & 0xffff),
    type: 'query',
    flags: 0,
    questions: [{ name, type: type as dnsPacket.RecordType, class: 'IN' }],
    // DO (RFC 3225) implies EDNS.
    additionals: options.edns || options.do ? [{ name: '.', type: 'OPT', udpPayloadSize: options.udpSize ?? 1232, flags: options.do ? dnsPacket.DNSSEC_OK : 0, options: [] } as any] : [],
  });
}

/** A decoded answer with the header fields dns-packet reads but its types leave out. */
export type Decoded = dnsPacket.DecodedPacket & { rcode: string; flag_tc: boolean; flag_aa: boolean };
export const decode = (buf: Buffer): Decoded => dnsPacket.decode(buf) as Decoded;

/**
 * The character-strings of each TXT record at `name`, as they are on the wire (over TCP, so nothing is
 * truncated): one string and two strings that join to the same text are different records to SPF,
 * which joins strings without spaces (RFC 7208 3.3).
 */
export async function txtCharacterStrings(port: number, name: string): Promise<string[][]> {
  const buf = await tcpExchange(port, query(name, 'TXT'));
  assert.ok(buf, `${name} TXT: no answer over TCP`);
  return (decode(buf).answers ?? [])
    .filter((a) => a.type === 'TXT')
    .map((a) => (a.data as Buffer[]).map((b) => b.toString('utf8')));
}

/**
 * Asks over UDP until `accept` holds for the decoded answer; returns the milliseconds it took. The
 * limit only ends a wait that would never succeed: tests assert what is answered, not how fast (two
 * files run at once on shared machines); speed is the benchmarks' (bench/).
 */
export async function waitForAnswer(
  port: number,
  name: string,
  type: string,
  accept: (answer: Decoded) => boolean,
  limitMs = 10_000,
  host = '127.0.0.1',
): Promise<number> {
  const start = performance.now();
  let last: Decoded | undefined;
  while (performance.now() - start < limitMs + 1000) {
    const buf = await udpExchange(port, query(name, type), 200, host);
    if (buf) {
      last = decode(buf);
      if (accept(last)) return performance.now() - start;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`${name} ${type} never answered as expected; last answer: ${JSON.stringify(last?.answers)}`);
}

/** A zone snapshot for tests that drive the server without the HTTP API. */
export function snapshot(name: string, records: Array<Partial<PublishedRecord> & Pick<PublishedRecord, 'name' | 'type' | 'content'>>, serial = 2026030101): ZoneSnapshot {
  return {
    name,
    soa: { primary_ns: 'ns1.hostplane.test', hostmaster: 'hostmaster.hostplane.test', serial, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300, ttl: 3600 },
    records: records.map((r) => ({ ttl: 3600, priority: null, weight: null, port: null, fallback_ip: null, ...r })),
  };
}

export interface Standalone {
  port: number;
  index: ZoneIndex;
  server: DnsServer;
  close(): Promise<void>;
}

/** The DNS server alone, on a free loopback port, answering from `zones` (no store, no HTTP). */
export async function startStandalone(
  zones: ZoneSnapshot[],
  options: { health?: HealthView; alias?: AliasView; mayTransfer?: (address: string) => boolean; clock?: Clock; index?: ZoneIndex; host?: string; port?: number }
    & Pick<DnsServerOptions, 'tcpIdleMs' | 'tcpMessageMs' | 'maxTcpConnections' | 'maxTcpPerAddress'> = {},
): Promise<Standalone> {
  const { health, alias, mayTransfer, clock, index: given, host, port: wanted, ...tcp } = options;
  const index = given ?? new ZoneIndex();
  for (const z of zones) index.put(z);
  const server = new DnsServer(
    { index, health, alias, mayTransfer: mayTransfer ?? (() => true) },
    { host: host ?? '127.0.0.1', port: wanted ?? 0, clock, ...tcp },
  );
  const port = await server.listen();
  return { port, index, server, close: () => server.close() };
}
