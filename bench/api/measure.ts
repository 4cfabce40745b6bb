import autocannon, { type Request } from 'autocannon';

/** One load run's figures. Latencies in milliseconds. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and connection errors or timeouts: a run with any is not a valid figure. */
  failures: number;
}

export interface Load {
  url: string;
  requests: Request[];
}

export const CONNECTIONS = 10;

/**
 * Runs `load` for `seconds` after a one-second warm-up (JIT, SQLite page cache, pg pool): as fast as
 * the server answers, or at a fixed `rate` of requests per second, where autocannon corrects the
 * latencies for coordinated omission (a late answer also delays the requests queued behind it).
 */
export async function measure(load: Load, seconds: number, rate?: number): Promise<Figures> {
  const result = await autocannon({
    url: load.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: load.requests,
    warmup: { connections: CONNECTIONS, duration: 1 },
    ...(rate ? { overallRate: rate } : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // A run in which no request came back at all (the server stalled for the whole run) fails too.
    failures: result.non2xx + result.errors + result.timeouts + (result.requests.total === 0 ? 1 : 0),
  };
}
