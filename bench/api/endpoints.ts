import { randomBytes } from 'node:crypto';
import type { Request } from 'autocannon';
import type { Load } from './measure.js';
import { LARGE_ZONE_RECORDS, PASSWORD, type Seeded } from './seed.js';

/** A measured endpoint, with a check that it serves the seeded data before any figure is taken. */
export interface Endpoint {
  name: string;
  /** Reads have the hello-world ratio target; the write has its own (records per second). */
  kind: 'read' | 'write';
  /**
   * The big-zone reads: the ready-buffer route (ready-buffer.ts) their ratio is taken against, a ready
   * body the size of their answer, instead of hello-world.
   */
  readyBuffer?: 'client' | 'partner';
  /**
   * An authenticated small read (one object: issue 15's 0.25 of hello-world on SQLite). The lists of
   * 100 domains are reads too, judged only against SQLite on PostgreSQL.
   */
  small?: true;
  load: Load;
  /** Asserts the answer holds the seeded data; resolves to the answer body's size in bytes. */
  check(): Promise<number>;
  /** A LIKE pattern of the record names the endpoint creates, for the round to remove them afterwards. */
  creates?: string;
}

export interface Credentials {
  /** The client API token of seeded account 1, from one login. */
  token: string;
  partnerApiKey: string;
}

const json = { 'content-type': 'application/json' };

/**
 * The endpoints of issue 4, item 6, as seeded account 1 (100 domains, one with the large zone; a
 * client of the partner, so the partner's domain list holds the same 100 domains) and its partner.
 */
export function endpoints(base: string, seeded: Seeded, creds: Credentials): Endpoint[] {
  const client = { authorization: `Bearer ${creds.token}` };
  const partner = { authorization: `Bearer ${creds.partnerApiKey}` };
  const get = (path: string, headers: Record<string, string>): Request => ({ method: 'GET', path, headers });
  const large = seeded.largeZone;
  const lastHost = `host${LARGE_ZONE_RECORDS - 1}.${large}`;
  // Records are created in the account's small zones in turn (not the large one), each with a name
  // of its own, so no zone grows much during the run and no create is refused as a duplicate.
  const small = seeded.domains.filter((d) => d !== large);
  const run = randomBytes(3).toString('hex');
  let created = 0;
  const create: Request = {
    method: 'POST',
    headers: { ...client, ...json },
    setupRequest(request) {
      const n = created++;
      request.path = `/api/v1/domain/domains/${small[n % small.length]}/records`;
      request.body = JSON.stringify({ host: `b${run}-${n}`, type: 'A', content: `192.0.2.${n % 250}` });
      return request;
    },
  };

  const fetchJson = async (path: string, headers: Record<string, string>, init: RequestInit = {}) => {
    const res = await fetch(base + path, { headers, ...init });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text), bytes: Buffer.byteLength(text) };
  };
  const expect = (what: string, ok: boolean, got: unknown) => {
    if (!ok) throw new Error(`${what}: unexpected answer: ${JSON.stringify(got).slice(0, 500)}`);
  };

  return [
    {
      name: 'client: domain list (limit 100)',
      kind: 'read',
      load: { url: base, requests: [get('/api/v1/domain/domains?limit=100', client)] },
      async check() {
        const r = await fetchJson('/api/v1/domain/domains?limit=100', client);
        expect(this.name, r.status === 200 && r.body.data.length === 100 && r.body.meta.total === 100, r.body);
        return r.bytes;
      },
    },
    {
      name: 'client: domain get',
      kind: 'read',
      small: true,
      load: { url: base, requests: seeded.domains.map((d) => get(`/api/v1/domain/domains/${d}`, client)) },
      async check() {
        const r = await fetchJson(`/api/v1/domain/domains/${seeded.domains[1]}`, client);
        expect(this.name, r.status === 200 && r.text.includes(seeded.domains[1]!), r.body);
        return r.bytes;
      },
    },
    {
      name: `client: records GET (${LARGE_ZONE_RECORDS.toLocaleString('en')}-record zone)`,
      kind: 'read',
      readyBuffer: 'client',
      load: { url: base, requests: [get(`/api/v1/domain/domains/${large}/records`, client)] },
      async check() {
        const r = await fetchJson(`/api/v1/domain/domains/${large}/records`, client);
        expect(this.name, r.status === 200 && r.body.data.length >= LARGE_ZONE_RECORDS && r.text.includes(lastHost), r.status);
        return r.bytes;
      },
    },
    {
      name: 'partner: domain list',
      kind: 'read',
      load: { url: base, requests: [get('/domains/list', partner)] },
      async check() {
        const r = await fetchJson('/domains/list', partner);
        expect(this.name, r.status === 200 && r.body.data.length === seeded.domains.length, r.body);
        return r.bytes;
      },
    },
    {
      name: `partner: records (${LARGE_ZONE_RECORDS.toLocaleString('en')}-record zone)`,
      kind: 'read',
      readyBuffer: 'partner',
      load: { url: base, requests: [get(`/domains/${large}/records`, partner)] },
      async check() {
        const r = await fetchJson(`/domains/${large}/records`, partner);
        expect(this.name, r.status === 200 && r.text.includes(lastHost), r.status);
        return r.bytes;
      },
    },
    {
      name: 'client: record create',
      kind: 'write',
      load: { url: base, requests: [create] },
      creates: `b${run}-%`,
      async check() {
        const r = await fetchJson(`/api/v1/domain/domains/${small[0]}/records`, { ...client, ...json }, {
          method: 'POST',
          body: JSON.stringify({ host: `check-${run}`, type: 'A', content: '192.0.2.1' }),
        });
        expect(this.name, r.status === 201, r.body);
        return r.bytes;
      },
    },
  ];
}

/**
 * The endpoints as seeded account 1 after one login: the login limiter counts failures only, but an
 * argon2 hash per request would measure the password hash, not the API.
 */
export async function loggedInEndpoints(base: string, seeded: Seeded): Promise<Endpoint[]> {
  const login = await fetch(`${base}/api/v1/auth`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: seeded.username, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  return endpoints(base, seeded, { token, partnerApiKey: seeded.partnerApiKey });
}
