import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver was sent: the raw body, as a verifier must read it. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A receiver on loopback: records every request and answers each path with the statuses queued for
 * it (then 200), or always with `always[path]`.
 */
export class Receiver {
  received: Received[] = [];
  queued = new Map<string, number[]>();
  always = new Map<string, number>();
  /** Milliseconds a path's answer is held back. */
  delays = new Map<string, number>();
  private server!: HttpServer;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.always.get(path) ?? this.queued.get(path)?.shift() ?? 200;
        setTimeout(() => res.writeHead(status).end('ok'), this.delays.get(path) ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }
  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Standard Webhooks verification written from the specification, independently of the server's code:
 * HMAC-SHA256 keyed with the base64-decoded secret after `whsec_`, over `id.timestamp.body`, compared
 * in constant time with each `v1,` signature of the space-separated header.
 */
export function verifies(secret: string, r: Received): boolean {
  const id = r.headers['webhook-id'] as string;
  const timestamp = r.headers['webhook-timestamp'] as string;
  const header = r.headers['webhook-signature'] as string;
  assert.ok(secret.startsWith('whsec_'));
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest();
  return header.split(' ').some((sig) => {
    const [version, value] = sig.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
