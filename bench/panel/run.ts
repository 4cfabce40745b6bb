/**
 * `npm run bench:panel`: how long each panel page takes to show over the 100,000-domain benchmark store
 * (issue 13: no page over one second on loopback). For each store (SQLite, then PostgreSQL;
 * `npm run bench:panel -- sqlite` for one) it seeds 1,000 accounts of 100 domains, all clients of one
 * partner (the partner start page pages through 1,000 clients), account 1 holding the 5,000-record
 * zone, and starts `hostplane serve` pinned to core 0. Then, one request at a time as a person clicks,
 * each page is loaded ROUNDS times as a customer or the partner's person. The baseline, measured in
 * the same run on the same server, is the panel's stylesheet: the cost of the stack (Fastify, the
 * panel's hooks, a session read) with no page behind it.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.js';
import { createRuntime } from '../../src/main.js';
import { addPartnerUser } from '../../src/core/partners/users/add-partner-user.js';
import { PanelClient } from '../../test/helpers/panel.js';
import { unusedPort } from '../../test/helpers/ports.js';
import { cleanUp, startPinned, waitForHttp } from '../api/processes.js';
import { DOMAINS_PER_ACCOUNT, PASSWORD, seedAccounts, seedStore, username } from '../api/seed.js';
import { freshStore, serverEnv, type StoreKind } from '../api/stores.js';

const ACCOUNTS = 100_000 / DOMAINS_PER_ACCOUNT;
const FIRST_BATCH = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const BUDGET_MS = 1_000;
const PARTNER_EMAIL = 'person@bench-reseller.example';
const hostplane = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Page {
  name: string;
  as: 'customer' | 'partner';
  path: string;
}

/** The pages, over the largest lists the store has: account 1's 100 domains, its 5,000-record zone, 1,000 clients. */
function pages(largeZone: string, lastDomain: string, clientId: number): Page[] {
  const zone = `/panel/domains/${largeZone}/records`;
  const partnerZone = `/panel/partner/domains/${largeZone}/records`;
  return [
    { name: 'stylesheet (baseline)', as: 'customer', path: '/panel/panel.css' },
    { name: 'customer start page', as: 'customer', path: '/panel' },
    { name: 'domain list', as: 'customer', path: '/panel/domains' },
    { name: 'domain list, last page', as: 'customer', path: '/panel/domains?page=4' },
    { name: 'domain search', as: 'customer', path: `/panel/domains?q=${lastDomain.slice(0, 12)}` },
    { name: 'domain page', as: 'customer', path: `/panel/domains/${largeZone}` },
    { name: 'DNS editor, 5,000 records', as: 'customer', path: zone },
    { name: 'DNS editor, page 100', as: 'customer', path: `${zone}?page=100` },
    { name: 'DNS editor, search', as: 'customer', path: `${zone}?q=host4999` },
    { name: 'invoices', as: 'customer', path: '/panel/invoices' },
    { name: 'order: a name under every TLD on sale', as: 'customer', path: '/panel/order?name=bench-new-name' },
    { name: 'contacts', as: 'customer', path: '/panel/contacts' },
    { name: 'services', as: 'customer', path: '/panel/services' },
    { name: 'partner start page (1,000 clients)', as: 'partner', path: '/panel' },
    { name: 'partner start page, page 40', as: 'partner', path: '/panel?page=40' },
    { name: "a client's page (100 domains)", as: 'partner', path: `/panel/clients/${clientId}` },
    { name: "partner's domain page", as: 'partner', path: `/panel/partner/domains/${largeZone}` },
    { name: 'partner DNS editor, 5,000 records', as: 'partner', path: partnerZone },
    { name: 'partner DNS editor, page 100', as: 'partner', path: `${partnerZone}?page=100` },
    { name: 'partner DNS editor, search', as: 'partner', path: `${partnerZone}?q=host4999` },
    { name: 'Microsoft 365', as: 'partner', path: '/panel/m365' },
    { name: 'API keys', as: 'partner', path: '/panel/api-keys' },
  ];
}

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

async function time(client: PanelClient, path: string): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const res = await client.get(path);
    ms.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 300)}`);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1]! };
}

async function benchStore(kind: StoreKind): Promise<string[]> {
  console.error(`\n# ${kind}`);
  const store = await freshStore(kind);
  const jwtSecret = randomBytes(32).toString('hex');
  const started = Date.now();
  const runtime = await createRuntime(loadConfig(serverEnv(store, jwtSecret, 0)), { inlineJobs: false });
  const seeded = await seedStore(runtime, FIRST_BATCH, true);
  await seedAccounts(runtime, FIRST_BATCH + 1, ACCOUNTS, seeded.partnerId, true);
  await addPartnerUser(runtime.ctx, { partnerId: seeded.partnerId, email: PARTNER_EMAIL, password: PASSWORD });
  const clientId = (await runtime.ctx.store.users.findByUsername(username(1)))!.id;
  await runtime.close();
  console.error(`seeded ${ACCOUNTS * DOMAINS_PER_ACCOUNT} domains in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const port = await unusedPort();
  const base = `http://127.0.0.1:${port}`;
  const server = startPinned('hostplane serve', 0, process.execPath, [hostplane, 'serve'], serverEnv(store, jwtSecret, port));
  await waitForHttp(`${base}/panel/login`, server.child);
  const customer = new PanelClient({ url: base });
  await customer.login(username(1), PASSWORD);
  const partner = new PanelClient({ url: base });
  await partner.login(PARTNER_EMAIL, PASSWORD);

  const rows: string[] = [];
  let baseline = 0;
  for (const page of pages(seeded.largeZone, seeded.domains[seeded.domains.length - 1]!, clientId)) {
    const client = page.as === 'customer' ? customer : partner;
    await time(client, page.path); // warm: the first load compiles the route's code paths
    const t = await time(client, page.path);
    baseline ||= t.p50;
    const over = t.p95 > BUDGET_MS ? ' OVER' : '';
    console.error(`  ${page.name}: p50 ${t.p50.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms  max ${t.max.toFixed(1)} ms  ${(t.p50 / baseline).toFixed(1)}x baseline${over}`);
    rows.push(`| ${kind} | ${page.name} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.p50 / baseline).toFixed(1)} | ${(t.p95 / BUDGET_MS).toFixed(3)} |`);
  }
  await server.stop();
  await cleanUp();
  return rows;
}

async function main(): Promise<void> {
  const kinds = (process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite', 'postgres']) as StoreKind[];
  const rows: string[] = [];
  for (const kind of kinds) rows.push(...(await benchStore(kind)));
  console.log(`\nPanel pages over ${ACCOUNTS * DOMAINS_PER_ACCOUNT} domains, ${ROUNDS} loads each, one at a time (${cpus()[0]?.model}, ${cpus().length} cores):\n`);
  console.log('| store | page | p50 ms | p95 ms | max ms | p50 / baseline | p95 / 1 s budget |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch(async (err) => {
  console.error(err);
  await cleanUp();
  process.exit(1);
});
