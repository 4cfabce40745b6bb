import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** One dnsperf run's figures; latencies in milliseconds. */
export interface PerfFigures {
  qps: number;
  sent: number;
  lost: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * How dnsperf loads a server: CLIENTS sockets with OUTSTANDING queries in flight in all, so the
 * server always has work queued (saturation), and EDNS0 on, as resolvers send it.
 */
export const CLIENTS = 4;
export const OUTSTANDING = 200;

/**
 * Runs dnsperf pinned to `core` against 127.0.0.1:`port` for `seconds`, asking the lines of
 * `queries` in a loop (with the DO bit when `dnssecOk`). dnsperf 2.10 (Debian 12) prints the
 * average latency but no percentiles, so it runs verbose (-v: one line per answer with its latency) into a file, read once it has finished so
 * that reading it takes nothing from dnsperf's core while it measures.
 */
export async function dnsperf(
  port: number,
  queries: string,
  seconds: number,
  core: number | string,
  verboseFile: string,
  options: { dnssecOk?: boolean; threads?: number } = {},
): Promise<PerfFigures> {
  const args = ['-c', String(core), 'dnsperf', '-s', '127.0.0.1', '-p', String(port), '-d', queries, '-l', String(seconds)];
  args.push('-c', String(CLIENTS), '-q', String(OUTSTANDING), '-e', '-v');
  // -D: the DO bit (RFC 3225), as a validating resolver asks: a signing server adds its RRSIGs.
  if (options.dnssecOk) args.push('-D');
  // -T: dnsperf's own threads (each with its share of the clients), to load more than one core's server.
  if (options.threads) args.push('-T', String(options.threads));
  const out = await open(verboseFile, 'w');
  let stderr = '';
  try {
    const child = spawn('taskset', args, { stdio: ['ignore', out.fd, 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`dnsperf exited with ${code}:\n${stderr}`);
  } finally {
    await out.close();
  }
  const latencies: number[] = [];
  let summary = '';
  for await (const line of createInterface({ input: createReadStream(verboseFile) })) {
    // "> NOERROR bench-0001-002.org A 0.000123"; the summary at the end is indented text.
    // A query that timed out ("> T ...") has no latency: it counts as lost in the summary.
    if (line.startsWith('> ')) {
      const seconds = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (Number.isFinite(seconds)) latencies.push(seconds * 1000);
    }
    else summary += `${line}\n`;
  }
  latencies.sort((a, b) => a - b);
  const stat = (label: string) => {
    const m = new RegExp(`${label}:\\s+([\\d.]+)`).exec(summary);
    if (!m) throw new Error(`dnsperf printed no "${label}":\n${summary.slice(-2000)}`);
    return Number(m[1]);
  };
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    qps: stat('Queries per second'),
    sent: stat('Queries sent'),
    lost: stat('Queries lost'),
    avgMs: stat('Average Latency \\(s\\)') * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}
