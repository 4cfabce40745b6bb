import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../../src/config/config.js';
import { startTestServer, startTestRuntime, type TestServer } from '../helpers/server.js';
import { identifyPrimaryContact, purchase } from '../helpers/fixtures.js';
import { TestSmtp, decodeHeader, leaves, parseMime, type Received } from '../helpers/smtp.js';
import { pdfText } from '../documents/pdf-tools.js';
import { runCli } from '../helpers/cli.js';
import { queueNotification } from '../../src/core/lifecycle/notify.js';
import { MAIL_JOB } from '../../src/core/messages/mail-subscriber.js';
import type { Job } from '../../src/ports/store.js';
import { eventually } from '../helpers/eventually.js';

/** Polls `check` until it returns something (the worker drains the outbox every 200 ms). */
async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const subjectOf = (m: Received) => decodeHeader(parseMime(m.raw).headers.subject ?? '');

describe('e-mail through a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestServer;
  before(async () => {
    smtp = await new TestSmtp().start();
    t = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'laskutus@hostplane.test' } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const store = () => t.server.runtime.ctx.store;
  const mailJobs = async (): Promise<Job[]> => (await store().jobs.list({}, { limit: 500, offset: 0 })).items.filter((j) => j.kind === MAIL_JOB);
  const to = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  it('a prepaid customer\'s purchase mails the invoice, with its PDF naming it, in English', async () => {
    const user = await t.user({ email: 'asiakas@example.com' });
    await purchase(t, user.token, 'postia.com');
    const [message] = await until('the invoice mail', () => (to('asiakas@example.com').length ? to('asiakas@example.com') : undefined));
    const invoice = (await t.request('GET', '/api/v1/invoice/invoices', { token: user.token })).body.data[0];
    const mime = parseMime(message!.raw);
    assert.equal(message!.from, 'laskutus@hostplane.test');
    assert.equal(decodeHeader(mime.headers.subject!), `Invoice ${invoice.ref_number}`);
    assert.match(mime.headers['message-id']!, /^<event-\d+\.invoice_created@hostplane\.test>$/);
    assert.equal(mime.headers['content-language'], 'en');
    const parts = leaves(mime);
    const text = parts.find((p) => p.headers['content-type']?.startsWith('text/plain'))!.body.toString('utf8');
    assert.match(text, /Please pay with the reference number/);
    const pdf = parts.find((p) => p.headers['content-type']?.startsWith('application/pdf'));
    assert.ok(pdf, 'a PDF attachment');
    assert.match(pdf.headers['content-disposition']!, /attachment; filename=invoice-\d+\.pdf/);
    const pdfWords = pdfText(pdf.body).replace(/\s+/g, ' ');
    assert.match(pdfWords, /INVOICE/);
    const ref = String(invoice.ref_number);
    assert.ok(pdfWords.includes(ref.replace(/\B(?=(\d{5})+$)/g, ' ')) || pdfWords.includes(ref), pdfWords);
    // The registration itself is no mail: an open order is not done yet.
    assert.equal(to('asiakas@example.com').length, 1);
    // The invoice's sending is in the account's log, once the server took the message (recorded in
    // the job's transaction just after the server's answer: the message can be seen a moment before).
    const sent = await eventually(async () => (await t.request('GET', '/api/v1/events?type=invoice.sent', { token: user.token })).body.data, (d) => d.length > 0);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].subject, String(invoice.id));
    assert.deepEqual([sent[0].data.via, sent[0].data.to], ['email', 'asiakas@example.com']);
  });

  it('a customer in Finland gets Finnish', async () => {
    const user = await t.user({ email: 'suomi@example.fi' });
    await identifyPrimaryContact(t, user.token);
    await purchase(t, user.token, 'kirjeita.fi');
    const [message] = await until('the Finnish invoice mail', () => (to('suomi@example.fi').length ? to('suomi@example.fi') : undefined));
    const mime = parseMime(message!.raw);
    assert.match(decodeHeader(mime.headers.subject!), /^Lasku \d+$/);
    assert.equal(mime.headers['content-language'], 'fi');
    const parts = leaves(mime);
    assert.match(parts[0]!.body.toString('utf8'), /Maksathan laskun viitenumerolla/);
    const pdf = parts.find((p) => p.headers['content-type']?.startsWith('application/pdf'))!;
    assert.match(pdf.headers['content-disposition']!, /filename=lasku-\d+\.pdf/);
    assert.match(pdfText(pdf.body), /LASKU/);
  });

  it('a postpaid customer is told of the registration, and of a transfer started and completed', async () => {
    const holder = await t.user({ email: 'haltija@example.com', postpaid: true });
    await purchase(t, holder.token, 'siirtyva.com');
    const gaining = await t.user({ email: 'saaja@example.com', postpaid: true });
    const authCode = (await t.request('GET', '/api/v1/domain/domains/siirtyva.com/authcode', { token: holder.token })).body.data.authCode;
    const res = await t.request('POST', '/api/v1/domain/domains/transfer', { token: gaining.token, body: { domain: 'siirtyva.com', authCode } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const subjects = (address: string) => to(address).map(subjectOf).filter((s) => s.startsWith('siirtyva.com'));
    await until('the transfer mails', () => (subjects('saaja@example.com').length >= 2 ? true : undefined));
    assert.deepEqual(subjects('saaja@example.com'), ['siirtyva.com: transfer started', 'siirtyva.com: transfer completed']);
    assert.ok(subjects('haltija@example.com').includes('siirtyva.com is registered'), JSON.stringify(to('haltija@example.com').map(subjectOf)));
  });

  it('a server that refuses the message (550) fails the job for good at once, listed by jobs list --failed', async () => {
    const user = await t.user({ email: 'refused@example.com' });
    await purchase(t, user.token, 'torjuttu.com');
    const job = await until('the failed job', async () => (await mailJobs()).find((j) => j.status === 'failed'));
    assert.equal(job.attempts, 1, 'not retried');
    assert.match(job.last_error!, /refused the message.*550|550/);
    assert.equal(smtp.received.filter((m) => m.to.includes('refused@example.com')).length, 0);
    const cli = await runCli(t.databaseUrl, 'jobs', 'list', '--failed', '--json');
    assert.equal(cli.code, 0, cli.stderr);
    assert.ok((JSON.parse(cli.stdout) as { data: Array<{ id: number }> }).data.some((j) => j.id === job.id), cli.stdout);
  });

  it('a server that is down: retried, and the mail arrives once it is up, exactly once', async () => {
    const port = smtp.port;
    await smtp.stop();
    const user = await t.user({ email: 'odottaa@example.com' });
    await purchase(t, user.token, 'myohassa.com');
    const waiting = await until('a failed attempt', async () => (await mailJobs()).find((j) => j.status === 'pending' && j.attempts >= 1));
    assert.match(waiting.last_error!, /could not be reached/);
    await smtp.start(port);
    // Past the backoff: the worker's next drain sends it.
    t.clock.advance(10 * 60_000);
    await t.server.runtime.runner.drain();
    const arrived = await until('the mail after the outage', () => (to('odottaa@example.com').length ? to('odottaa@example.com') : undefined));
    assert.equal(arrived.length, 1);
    assert.equal((await store().jobs.findById(waiting.id))!.status, 'done');
    // The same job run again (a lease that ran out, a lost answer) finds the message recorded and sends nothing.
    await store().jobs.update(waiting.id, { status: 'pending', run_after: t.clock.now().toISOString() });
    await t.server.runtime.runner.drain();
    await until('the job to run again', async () => ((await store().jobs.findById(waiting.id))!.status === 'done' ? true : undefined));
    assert.equal(to('odottaa@example.com').length, 1);
  });
});

describe('e-mail settings', () => {
  it('SMTP_URL is smtp:// or smtps://; MAIL_FROM defaults to the provider\'s name when it is a host name; PUBLIC_URL loses its slash', () => {
    const base = { DATABASE_URL: 'sqlite::memory:', DATA_DIR: mkdtempSync(join(tmpdir(), 'hostplane-mail-config-')), JWT_SECRET: 'x'.repeat(32), DNSSEC_KEY_SECRET: 'y'.repeat(32) };
    try {
      assert.throws(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example.net' }), ConfigError);
      assert.throws(() => loadConfig({ ...base, SMTP_URL: 'mail.example.net:587' }), ConfigError);
      assert.equal(loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.net:465' }).smtpUrl, 'smtps://u:p@mail.example.net:465');
      assert.equal(loadConfig(base).smtpUrl, null);
      assert.equal(loadConfig(base).mailDir, join(base.DATA_DIR, 'mail'));
      assert.equal(loadConfig({ ...base, PROVIDER_NAME: 'Hostplane Oy' }).mailFrom, 'hostplane@localhost');
      assert.equal(loadConfig({ ...base, PROVIDER_NAME: 'Esimerkki.fi' }).mailFrom, 'hostplane@esimerkki.fi');
      assert.equal(loadConfig({ ...base, MAIL_FROM: 'Laskutus <laskut@esimerkki.fi>' }).mailFrom, 'Laskutus <laskut@esimerkki.fi>');
      assert.throws(() => loadConfig({ ...base, MAIL_FROM: 'ei osoite' }), /MAIL_FROM/);
      assert.equal(loadConfig({ ...base, PUBLIC_URL: 'https://asiakas.example.net/' }).publicUrl, 'https://asiakas.example.net');
      assert.throws(() => loadConfig({ ...base, PUBLIC_URL: 'asiakas.example.net' }), /PUBLIC_URL/);
    } finally {
      rmSync(base.DATA_DIR, { recursive: true, force: true });
    }
  });
});

describe('e-mail without SMTP_URL', () => {
  it('writes each message as an .eml file in the data folder\'s mail folder', async () => {
    const rt = await startTestRuntime({ PROVIDER_NAME: 'esimerkki.fi' });
    try {
      const { ctx } = rt;
      const user = await ctx.store.transaction(async (tx) => {
        const at = ctx.clock.now().toISOString();
        return tx.users.create({
          username: 'kansio', password_hash: 'x', email: 'kansio@example.com', name: '', postpaid: 0, primary_contact_id: null,
          partner_id: null, client_type: null, created_at: at, updated_at: at,
        });
      });
      await ctx.store.transaction((tx) => queueNotification(tx, ctx, user.id, { subject: 'Hello from the folder', text: 'Folder body text' }));
      await ctx.jobs.drain();
      const dir = join(ctx.settings.einvoiceDir, '..', 'mail');
      assert.ok(existsSync(dir), dir);
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      assert.equal(files.length, 1, files.join(', '));
      const mime = parseMime(readFileSync(join(dir, files[0]!), 'latin1'));
      assert.equal(mime.headers.subject, 'Hello from the folder');
      assert.equal(mime.headers.to, 'kansio@example.com');
      assert.equal(mime.headers.from, 'hostplane@esimerkki.fi');
      assert.match(mime.headers['message-id']!, /^<notification-\d+\.notification@esimerkki\.fi>$/);
      assert.match(leaves(mime)[0]!.body.toString('utf8'), /Folder body text/);
      // Drained again, the done job is not run; nothing new appears.
      await ctx.jobs.drain();
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.eml')).length, 1);
    } finally {
      await rt.close();
    }
  });
});
