import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { loadConfig } from '../src/config/config.js';
import { startServer } from '../src/main.js';
import { createUser } from '../src/core/accounts/create-user.js';

/**
 * A real user's login while random-username logins flood POST /api/v1/auth (issue: 32 connections
 * took one from 0.16 s to 7 s), with the verification bound (LOGIN_VERIFICATIONS, default 8) and,
 * as the baseline measured in the same run, without it (a bound of 1000). The flood comes from 32
 * loopback addresses (127.0.2.x), as a distributed one would, so the per-address limit does not stop
 * it and the bound alone is measured. Prints the real login's median and worst time alone and during
 * the flood, and the ratio. The real user retries a 503 after its Retry-After, as a client should;
 * its time includes that wait. Loopback only; bounded by FLOOD_SECONDS (default 8) per phase.
 * Run: npm run bench:login
 */
const FLOODERS = 32;
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 8);

interface Answer {
  status: number;
  retryAfter: number;
}

function login(base: string, from: string, username: string, password: string): Promise<Answer> {
  const url = new URL('/api/v1/auth', base);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume().on('end', () => resolve({ status: res.statusCode!, retryAfter: Number(res.headers['retry-after'] ?? 0) }));
      },
    );
    req.on('error', reject).end(body);
  });
}

/** One real login, retried after Retry-After when the server is busy; its whole time in ms. */
async function realLogin(base: string): Promise<number> {
  const started = performance.now();
  for (let tries = 0; tries < 20; tries++) {
    const answer = await login(base, '127.0.0.2', 'bench.real', 'the real password');
    if (answer.status === 200) return performance.now() - started;
    if (answer.status !== 503) throw new Error(`real login answered ${answer.status}`);
    await new Promise((r) => setTimeout(r, answer.retryAfter * 1000));
  }
  throw new Error('real login never got through');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function phase(verifications: string): Promise<{ alone: number[]; flooded: number[]; flood: Map<number, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hostplane-login-bench-'));
  const server = await startServer(
    loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'hostplane.db')}`, HOST: '127.0.0.1', PORT: '0', DNS_PORT: 'off', WEB_PORT: 'off', LOG_LEVEL: 'silent', LOGIN_VERIFICATIONS: verifications }),
    { logger: false, dns: false, worker: false },
  );
  try {
    await createUser(server.runtime.ctx, { username: 'bench.real', password: 'the real password' });
    const alone: number[] = [];
    for (let i = 0; i < 10; i++) alone.push(await realLogin(server.url));

    const flood = new Map<number, number>();
    const until = Date.now() + SECONDS * 1000;
    let n = 0;
    const flooder = async (i: number) => {
      while (Date.now() < until) {
        const answer = await login(server.url, `127.0.2.${i + 1}`, `nobody-${++n}`, 'guess-guess');
        flood.set(answer.status, (flood.get(answer.status) ?? 0) + 1);
      }
    };
    const flooders = Promise.all(Array.from({ length: FLOODERS }, (_, i) => flooder(i)));
    await new Promise((r) => setTimeout(r, 500));
    const flooded: number[] = [];
    while (Date.now() < until - 1000) flooded.push(await realLogin(server.url));
    await flooders;
    return { alone, flooded, flood };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const show = (label: string, r: Awaited<ReturnType<typeof phase>>) => {
  const ratio = median(r.flooded) / median(r.alone);
  console.log(
    `${label}: real login alone median ${median(r.alone).toFixed(0)} ms; during the flood median ${median(r.flooded).toFixed(0)} ms, ` +
      `worst ${Math.max(...r.flooded).toFixed(0)} ms (${r.flooded.length} logins), ratio ${ratio.toFixed(1)}; ` +
      `flood answers ${JSON.stringify(Object.fromEntries(r.flood))}`,
  );
};

show('unbounded (baseline)', await phase('1000'));
show('bounded (LOGIN_VERIFICATIONS=8)', await phase('8'));
