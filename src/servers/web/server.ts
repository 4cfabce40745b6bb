import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { Ctx } from '../../core/context.js';
import { parseHost } from './host.js';
import { badRequestPage, framePage, methodNotAllowedPage, notFoundPage, parkingPage, unavailablePage, type Page } from './pages.js';
import { findSite, SiteCache, type Site } from './site.js';

export interface WebForwarderOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** How long a host's site is kept before the store is read again; a change shows within this. */
  cacheMs?: number;
  log: { error(data: object, message: string): void; info(data: object, message: string): void };
}

export interface WebForwarder {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Browsers keep a 301 for ever unless told otherwise; an hour lets a changed record reach them. */
const PERMANENT_MAX_AGE = 3600;

/**
 * The web forwarder: a small HTTP server, apart from the API, that answers by Host header for the names
 * the DNS points at it (servers/dns/web-forward.ts):
 * - URL: the record's redirect (301 or 302) to its target exactly as given;
 * - FORWARD: a 302 to the target with the request's path and query appended (the whole site moves,
 *   deep links included; 302 because the record has no redirect type and may change);
 * - URLFRAME: a page framing the target under the visitor's host name;
 * - a parked domain (apex and www): the parking page;
 * - anything else: the 404 page; a Host that names no valid host: 400.
 * Sites are read from the store (findSite) and kept for cacheMs (default 500 ms), so a change made
 * through the API, the partner API or the CLI shows within a second, with or without the builtin
 * DNS server in this process, and whichever DNS provider publishes the zones.
 */
export async function startWebForwarder(ctx: Ctx, options: WebForwarderOptions): Promise<WebForwarder> {
  const sites = new SiteCache((host) => findSite(ctx, host), options.cacheMs ?? 500);
  const server = createServer({ requestTimeout: 15_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((err) => {
      options.log.error({ err }, 'web forwarder request failed');
      if (!res.headersSent) sendPage(req, res, unavailablePage());
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = parseHost(req.headers.host);
    if (host.kind === 'invalid') return sendPage(req, res, badRequestPage());
    if (host.kind === 'address') return sendPage(req, res, notFoundPage());
    const site = await sites.get(host.name);
    if (!site) return sendPage(req, res, notFoundPage());
    if (site.kind === 'URL' || site.kind === 'FORWARD') return redirect(res, site, req.url ?? '/');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendPage(req, res, methodNotAllowedPage(), { allow: 'GET, HEAD' });
    if (site.kind === 'URLFRAME') return sendPage(req, res, framePage(host.name, new URL(site.target).href));
    return sendPage(req, res, parkingPage(site.domain, ctx.settings.providerName));
  }

  server.listen(options.port, options.host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
  server.on('error', (err) => options.log.error({ err }, 'web forwarder error'));
  const { port } = server.address() as AddressInfo;
  // Where it listens is said by the process that runs it, once for all its servers (src/main.ts).
  return { host: options.host, port, close: () => close(server) };
}

/** Where a URL or FORWARD record sends a request for `path` (the request target: origin-form, or absolute-form through a proxy). */
export function location(site: Extract<Site, { kind: 'URL' | 'FORWARD' }>, path: string): string {
  const target = new URL(site.target);
  if (site.kind === 'URL') return target.href;
  // Only the path and query are taken from the request, so no request can send the visitor elsewhere:
  // "//evil.example/x" stays a path on the target's host.
  const request = path.startsWith('/') ? new URL(`http://request${path}`) : new URL(/^https?:\/\//i.test(path) ? path : 'http://request/');
  target.pathname = target.pathname.replace(/\/$/, '') + request.pathname;
  if (request.search) target.search = target.search ? `${target.search}&${request.search.slice(1)}` : request.search;
  return target.href;
}

function redirect(res: ServerResponse, site: Extract<Site, { kind: 'URL' | 'FORWARD' }>, path: string): void {
  const status = site.kind === 'URL' ? site.status : 302;
  const to = location(site, path);
  const body = `Redirecting to ${to}\n`;
  res.writeHead(status, {
    location: to,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': status === 301 ? `max-age=${PERMANENT_MAX_AGE}` : 'no-cache',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendPage(req: IncomingMessage, res: ServerResponse, page: Page, extra: Record<string, string> = {}): void {
  const body = Buffer.from(page.html, 'utf8');
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': page.csp,
    'x-content-type-options': 'nosniff',
    'cache-control': page.status === 200 ? 'no-cache' : 'no-store',
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function close(server: Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
}
