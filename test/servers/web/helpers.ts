import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WebResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request to the forwarder on 127.0.0.1:`port`, for `host` (the Host header, sent as given). */
export function get(port: number, host: string, path = '/', method = 'GET'): Promise<WebResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes sent as they are (requests no client library would send); the reply's text, once the server closes or stops talking. */
export function raw(port: number, bytes: string | Buffer, waitMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = '';
    const done = () => {
      socket.destroy();
      resolve(got);
    };
    socket.setTimeout(waitMs, done);
    socket.on('data', (chunk) => (got += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.on('connect', () => socket.write(bytes));
  });
}

/** The status code of a raw HTTP reply ("HTTP/1.1 404 Not Found..." -> 404), 0 for none. */
export const statusOf = (reply: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 0);

/**
 * The page tests load pages in Debian's chromium, headless. Without it they fail, saying what to
 * install, rather than pass having checked nothing.
 */
export function requireChromium(): void {
  try {
    execFileSync('chromium', ['--version'], { stdio: 'ignore' });
  } catch {
    assert.fail('chromium is not installed: apt-get install -y --no-install-recommends chromium (the page tests render pages in it)');
  }
}

/**
 * The DOM chromium builds for `url` (after scripts and frames have loaded), with the host names in
 * `hosts` resolved to 127.0.0.1, so the browser sends them as the Host header as it would on the Internet.
 * `settleMs`: virtual time given to the page's scripts after load (a page that fetches and renders its
 * content itself). `netLog`: a file for chromium's log of every request it made (see pageRequests).
 * `proxy`: where every request not to loopback goes (chromium never proxies loopback).
 */
export async function chromiumDom(
  url: string,
  hosts: string[],
  options: { proxy?: string; settleMs?: number; netLog?: string } = {},
): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'hostplane-chromium-'));
  try {
    const { stdout } = await run(
      'chromium',
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
        ...(hosts.length > 0 ? [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`] : []),
        ...(options.proxy ? [`--proxy-server=${options.proxy}`] : []),
        ...(options.settleMs ? [`--virtual-time-budget=${options.settleMs}`] : []),
        ...(options.netLog ? [`--log-net-log=${options.netLog}`] : []),
        '--dump-dom', url,
      ],
      { timeout: 30_000 + (options.settleMs ?? 0), maxBuffer: 16 << 20 },
    );
    return stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The URLs of the requests a page made, from chromium's net log: those whose initiator is the page's
 * `origin` (the browser's own traffic, such as its update checks, has none).
 */
export function pageRequests(netLog: string, origin: string): string[] {
  const log = JSON.parse(readFileSync(netLog, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: { url?: string; initiator?: string } }>;
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events.filter((e) => e.type === start && e.params?.initiator === origin && e.params.url).map((e) => e.params!.url!);
}
