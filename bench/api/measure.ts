import { readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';

/** One load run's figures. Latencies in milliseconds. */
export interface Figures {
  rps: number;
  /** Answers in the measured run (the warm-up's not counted). */
  answers: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and connection errors or timeouts: a run with any is not a valid figure. */
  failures: number;
  /**
   * The server's CPU time per answer (user and system, ms), when its process was named: on a machine
   * shared with other work, throughput follows what the others leave of the core, this much less.
   */
  cpuMs?: number;
}

export interface Load {
  url: string;
  requests: Request[];
}

export const CONNECTIONS = 10;

/**
 * Runs `load` for `seconds` after a one-second warm-up (JIT, SQLite page cache, pg pool): as fast as
 * the server answers, or at a fixed `rate` of requests per second, where autocannon corrects the
 * latencies for coordinated omission (a late answer also delays the requests queued behind it). With
 * `serverPid`, the server's CPU time over the measured run (not the warm-up) is given per answer;
 * `marks` hears when the measured run starts and ends.
 */
export async function measure(load: Load, seconds: number, rate?: number, serverPid?: number, marks?: { start(): void; end(): void }): Promise<Figures> {
  const run = (duration: number) => autocannon({
    url: load.url,
    connections: CONNECTIONS,
    duration,
    requests: load.requests,
    ...(rate ? { overallRate: rate } : {}),
  });
  await run(1);
  marks?.start();
  const cpuBefore = serverPid === undefined ? 0 : cpuTimeMs(serverPid);
  const result = await run(seconds);
  const cpu = serverPid === undefined ? undefined : cpuTimeMs(serverPid) - cpuBefore;
  marks?.end();
  return {
    answers: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // A run in which no request came back at all (the server stalled for the whole run) fails too.
    failures: result.non2xx + result.errors + result.timeouts + (result.requests.total === 0 ? 1 : 0),
    ...(cpu !== undefined && result.requests.total > 0 ? { cpuMs: cpu / result.requests.total } : {}),
  };
}

/** User and system CPU time of process `pid` so far, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
