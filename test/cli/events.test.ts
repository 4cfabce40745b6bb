import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { purchase } from '../helpers/fixtures.js';
import { runCli, type CliRun } from '../helpers/cli.js';

/**
 * `hostplane events list`: the operator reads everyone's event log, or one account's or one partner's,
 * by type and time, through the CLI on the server's store; what the CLI itself changes is the
 * operator's act, named by the login name.
 */
describe('hostplane events list', () => {
  let t: TestServer;
  const cli = (...args: string[]): Promise<CliRun> => runCli({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir, USER: 'operaattori' } }, ...args);
  const ok = async (...args: string[]) => {
    const run = await cli(...args);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}${run.stdout}`);
    return run;
  };

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('lists everyone\'s events, newest first, or one account\'s, by type and time', async () => {
    const a = await t.user({ postpaid: true });
    await purchase(t, a.token, 'loki-a.fi');
    t.clock.advance(86_400_000);
    const b = await t.user({ postpaid: true });
    await purchase(t, b.token, 'loki-b.fi');
    await t.request('POST', '/api/v1/auth', { body: { username: 'nobody-at-all', password: 'x' } });

    const all = (await ok('events', 'list', '--json')).json;
    const subjects = all.data.map((e: { subject: string }) => e.subject);
    assert.ok(subjects.includes('loki-a.fi') && subjects.includes('loki-b.fi'));
    assert.ok(subjects.includes('nobody-at-all'), 'a failed login for no account is the operator\'s to see');
    assert.equal(all.meta.total, all.data.length);
    assert.ok(all.data.every((e: { id: number }, i: number) => i === 0 || e.id < all.data[i - 1].id), 'newest first');

    const ordersOfA = (await ok('events', 'list', '--account', a.username, '--type', 'domain.ordered', '--json')).json;
    assert.equal(ordersOfA.data.length, 1);
    assert.equal(ordersOfA.data[0].subject, 'loki-a.fi');
    assert.equal(ordersOfA.data[0].username, a.username);
    assert.deepEqual([ordersOfA.data[0].actor_kind, ordersOfA.data[0].actor_id], ['customer', String(a.id)]);
    assert.equal(ordersOfA.data[0].data.kind, 'register');
    assert.equal((await ok('events', 'list', '--account', String(b.id), '--type', 'domain.ordered', '--json')).json.data[0].subject, 'loki-b.fi');

    const day2 = t.clock.now().toISOString().slice(0, 10);
    const since = (await ok('events', 'list', '--type', 'domain.ordered', '--since', day2, '--json')).json;
    assert.deepEqual(since.data.map((e: { subject: string }) => e.subject), ['loki-b.fi']);

    const text = (await ok('events', 'list', '--type', 'domain.ordered', '--limit', '1')).stdout;
    assert.match(text, /^ID\s+TIME\s+TYPE\s+ACCOUNT/);
    assert.match(text, /loki-b\.fi/);
    assert.doesNotMatch(text, /loki-a\.fi/);
    assert.match(text, /1 of \d+/);
  });

  it('what the operator changes names the operator; --partner reads a partner\'s', async () => {
    const p = await t.partner();
    await ok('partners', 'keys', 'add', String(p.id));
    const keys = (await ok('events', 'list', '--partner', String(p.id), '--type', 'api_key.created', '--json')).json.data;
    assert.equal(keys.length, 2, 'the first key (made with the partner) and the one added');
    assert.deepEqual([keys[0].actor_kind, keys[0].actor_id], ['operator', 'operaattori']);
    assert.deepEqual([keys[1].actor_kind, keys[1].actor_id], ['system', null], 'made from code, not the CLI');
    assert.equal(keys[0].partner_id, p.id);

    const u = await t.user();
    await ok('users', 'disable', u.username);
    const disabled = (await ok('events', 'list', '--account', String(u.id), '--json')).json.data;
    assert.deepEqual(disabled.map((e: { type: string }) => e.type), ['account.disabled', 'account.created']);
    assert.deepEqual([disabled[0].actor_kind, disabled[0].actor_id, disabled[0].address], ['operator', 'operaattori', null]);
  });

  it('refuses bad options with exit code 2, naming each', async () => {
    const bad = await cli('events', 'list', '--type', 'domain.exploded', '--since', 'eilen', '--json');
    assert.equal(bad.code, 2);
    assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['since', 'type']);
    const nobody = await cli('events', 'list', '--account', 'ei-ole-olemassa');
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /No user with id or username "ei-ole-olemassa"/);
    const both = await cli('events', 'list', '--account', '1', '--partner', '1');
    assert.equal(both.code, 2);
    const partner = await cli('events', 'list', '--partner', '99999');
    assert.equal(partner.code, 2);
    assert.match(partner.stderr, /No partner with id 99999/);
  });
});
