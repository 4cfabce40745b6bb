/**
 * `npm run bench:propagation`: how soon the builtin DNS server answers a record made through
 * the client API (the README's "answers within a second"). The tests only check that a change is
 * answered; the timing claim lives here, measured on a quiet machine rather than beside a test suite.
 *
 * One process: the real server over a fresh store (as the tests start it), a domain, then CHANGES
 * record creations one after another, each timed from the API's 201 to the first UDP answer that has
 * the record (asked without pause). The baseline, measured in the same run, is the record create's
 * own round trip; prints both, their ratio and whether the p99 meets a second.
 */
import { startTestServer } from '../../test/helpers/server.js';
import { purchase } from '../../test/helpers/fixtures.js';
import { decode, query, udpExchange } from '../../test/servers/dns/helpers.js';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 300);
const TARGET_MS = 1000;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const figures = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
};

const t = await startTestServer({ env: { DNS_PORT: '0' } });
try {
  const port = t.server.dns!.port;
  const { token } = await t.user({ postpaid: true });
  const zone = 'propagation-bench.fi';
  await purchase(t, token, zone);

  const api: number[] = [];
  const answered: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const name = `r${i}.${zone}`;
    const sent = performance.now();
    const res = await t.request('POST', `/api/v1/domain/domains/${zone}/records`, { token, body: { host: `r${i}`, type: 'A', content: '192.0.2.1' } });
    const created = performance.now();
    if (res.status !== 201) throw new Error(`record create: ${res.status} ${JSON.stringify(res.body)}`);
    api.push(created - sent);
    for (;;) {
      const reply = await udpExchange(port, query(name, 'A'), 1000);
      if (reply && (decode(reply).answers?.length ?? 0) > 0) break;
      if (performance.now() - created > 10_000) throw new Error(`${name} not answered after 10 s`);
    }
    answered.push(performance.now() - created);
  }
  const a = figures(api);
  const d = figures(answered);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`record create (baseline): p50 ${ms(a.p50)}, p99 ${ms(a.p99)}, max ${ms(a.max)}`);
  console.log(`201 to DNS answer:        p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, max ${ms(d.max)}`);
  console.log(`answer/create: p50 ${(d.p50 / a.p50).toFixed(2)}, p99 ${(d.p99 / a.p99).toFixed(2)}; ` +
    `p99 within ${TARGET_MS} ms: ${d.p99 < TARGET_MS ? 'met' : 'NOT met'} (${CHANGES} changes)`);
} finally {
  await t.close();
}
