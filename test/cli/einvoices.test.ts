import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { eventually } from '../helpers/eventually.js';
import { purchase } from '../helpers/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { finvoiceErrors, readFinvoice } from '../helpers/finvoice.js';
import { loadConfig, ConfigError } from '../../src/config/config.js';
import { writeEinvoice } from '../../src/jobs/einvoice-outbox.js';
import { EINVOICE_JOB } from '../../src/core/billing/create-invoice.js';
import { isoTimestamp } from '../../src/core/dates.js';

const E_INVOICE_ADDRESS = '003798765432';
const INTERMEDIATOR = 'NDEAFIHH';

/**
 * The e-invoice outbox end to end: a customer whose billing contact is billed by e-invoice buys a
 * domain through the client API, the server's job worker writes the Finvoice message into
 * EINVOICE_DIR (by default `einvoices` in the data folder), and `hostplane einvoices list` shows it.
 */
describe('e-invoice outbox and hostplane einvoices list', () => {
  let t: TestServer;
  let outbox: string;
  before(async () => {
    t = await startTestServer({
      env: {
        SELLER_NAME: 'Hostplane Oy', SELLER_ADDRESS: 'Palvelinkatu 5', SELLER_ZIP_CODE: '00100', SELLER_CITY: 'Helsinki',
        SELLER_BUSINESS_ID: '1234567-1', SELLER_IBAN: 'FI79 4405 2020 0360 82', SELLER_BIC: 'OKOYFIHH',
        SELLER_EINVOICE_ADDRESS: '003712345671', SELLER_EINVOICE_INTERMEDIATOR: '003721291126',
      },
    });
    outbox = join(t.dir, 'einvoices');
  });
  after(() => t.close());

  const cli = (...args: string[]) => runCli({ databaseUrl: t.databaseUrl, env: { EINVOICE_DIR: outbox } }, ...args);
  const files = () => (existsSync(outbox) ? readdirSync(outbox).sort() : []);

  /** Waits for the worker (it polls the outbox every 200 ms) to write `name`; 10 s bounds a wait that would never end. */
  async function written(name: string): Promise<Buffer> {
    const path = join(outbox, name);
    if (await eventually(async () => existsSync(path), (there) => there)) return readFileSync(path);
    return assert.fail(`${name} was not written; the outbox holds ${JSON.stringify(files())}`);
  }

  /** A customer whose primary contact (the billing contact of its orders) is set to `billing` over the client API. */
  async function customer(billing: Record<string, string>) {
    const u = await t.user({ name: 'Åsa Öberg' });
    const contacts = await t.request('GET', '/api/v1/contact/contacts', { token: u.token });
    const id = Math.min(...(contacts.body.data as Array<{ id: number }>).map((c) => c.id));
    const res = await t.request('PATCH', `/api/v1/contact/contacts/${id}`, {
      token: u.token,
      body: {
        first_name: 'Åsa', last_name: 'Öberg', company_name: 'Öberg & <Söner> Ab', business_id: '7654321-6', address: 'Mäkikatu 3',
        zip_code: '65100', city: 'Vaasa', country: 'FI', phone: '+358.401234567', email: 'asa@example.fi', ...billing,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return u;
  }

  const latestInvoice = async (token: string) => {
    const res = await t.request('GET', '/api/v1/invoice/invoices', { token });
    assert.equal(res.status, 200);
    return (res.body.data as Array<{ id: number; ref_number: number; delivery_method: string }>).at(-1)!;
  };

  let name: string;
  let invoiceId: number;

  it('a domain bought by an e-invoice customer leaves a valid Finvoice message addressed to the contact in the outbox', async () => {
    // An e-mail customer first: its invoice makes no message.
    const mailed = await customer({ billing_method: 'email' });
    await purchase(t, mailed.token, 'postia-saava.fi');
    const u = await customer({ billing_method: 'e-invoice', e_invoice_address: E_INVOICE_ADDRESS, e_invoice_intermediator: INTERMEDIATOR });
    await purchase(t, u.token, 'verkkolasku.fi');
    const invoice = await latestInvoice(u.token);
    assert.equal(invoice.delivery_method, 'e-invoice');
    invoiceId = invoice.id;
    name = `${invoice.id}-${invoice.ref_number}.xml`;

    const message = await written(name);
    assert.equal(finvoiceErrors(message), '');
    const m = readFinvoice(message);
    assert.deepEqual(m.MessageTransmissionDetails.MessageReceiverDetails, {
      ToIdentifier: { '#text': E_INVOICE_ADDRESS, '@_SchemeID': '0037' }, ToIntermediator: INTERMEDIATOR,
    });
    assert.deepEqual(m.MessageTransmissionDetails.MessageSenderDetails.FromIntermediator, '003721291126');
    assert.equal(m.BuyerPartyDetails.BuyerOrganisationName, 'Öberg & <Söner> Ab');
    assert.equal(m.InvoiceDetails.InvoiceNumber, String(invoice.id));
    assert.match(m.InvoiceRow.ArticleName, /^verkkolasku\.fi rekisteröinti /);
    assert.equal(m.EpiDetails.EpiPaymentInstructionDetails.EpiRemittanceInfoIdentifier['#text'], String(invoice.ref_number));
    assert.deepEqual(files(), [name], 'one message, none for the e-mail customer, no temporary file left');
    // The event is recorded once the file is in place (writeEinvoice), in a transaction of its own
    // after the rename: the file can be seen a moment before it.
    const sent = await eventually(async () => (await t.request('GET', '/api/v1/events?type=invoice.sent', { token: u.token })).body.data, (d) => d.length > 0);
    assert.deepEqual(sent.map((e: { subject: string; data: { via: string; address: string } }) => [e.subject, e.data.via, e.data.address]), [[String(invoice.id), 'einvoice', E_INVOICE_ADDRESS]]);
  });

  it('is written once: the job run again, or after a crash that left a temporary file, keeps one file of the same bytes', async () => {
    const path = join(outbox, name);
    const bytes = readFileSync(path);
    const ctx = t.server.runtime.ctx;
    await ctx.store.jobs.enqueue(EINVOICE_JOB, { invoiceId }, isoTimestamp(ctx.clock.now()));
    await t.server.runtime.runner.drain();
    assert.deepEqual(files(), [name]);
    assert.ok(readFileSync(path).equals(bytes));
    const sent = await ctx.store.events.list({ type: 'invoice.sent' }, { limit: 10, offset: 0 });
    assert.equal(sent.items.filter((e) => e.subject === String(invoiceId)).length, 1, 'sent once, though the job ran again');

    // A crash after the temporary file was begun and before the rename: the retry finishes the job.
    rmSync(path);
    writeFileSync(join(outbox, `.${name}.0badc0ffee00.tmp`), 'half a message');
    assert.equal(await writeEinvoice(ctx, invoiceId), path);
    assert.deepEqual(files(), [name]);
    assert.ok(readFileSync(path).equals(bytes));
  });

  it('hostplane einvoices list shows the file, its invoice, recipient, size and time', async () => {
    const size = statSync(join(outbox, name)).size;
    const [listed, text] = [await cli('einvoices', 'list', '--json'), await cli('einvoices', 'list')];
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.json.meta, { dir: outbox, count: 1 });
    const [entry] = listed.json.data;
    assert.deepEqual(
      { file: entry.file, invoice_id: entry.invoice_id, recipient_address: entry.recipient_address, recipient_intermediator: entry.recipient_intermediator, size: entry.size },
      { file: name, invoice_id: invoiceId, recipient_address: E_INVOICE_ADDRESS, recipient_intermediator: INTERMEDIATOR, size },
    );
    assert.ok(Math.abs(Date.parse(entry.time) - Date.now()) < 60_000, entry.time);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^FILE\s+INVOICE\s+RECIPIENT\s+INTERMEDIATOR\s+SIZE\s+TIME/);
    assert.match(text.stdout, new RegExp(`${name.replace('.', '\\.')}\\s+${invoiceId}\\s+${E_INVOICE_ADDRESS}\\s+${INTERMEDIATOR}\\s+${size}`));

    const empty = await runCli({ databaseUrl: t.databaseUrl, env: { EINVOICE_DIR: join(t.dir, 'nothing-here') } }, 'einvoices', 'list');
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /no e-invoices in /);
  });

  it('SELLER_EINVOICE_ADDRESS and SELLER_EINVOICE_INTERMEDIATOR are given together; EINVOICE_DIR defaults to the data folder', () => {
    const base = { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dir };
    assert.throws(() => loadConfig({ ...base, SELLER_EINVOICE_ADDRESS: '003712345671' }), ConfigError);
    assert.throws(() => loadConfig({ ...base, SELLER_EINVOICE_ADDRESS: '0'.repeat(36), SELLER_EINVOICE_INTERMEDIATOR: 'OKOYFIHH' }), /2-35 characters/);
    assert.equal(loadConfig(base).einvoiceDir, outbox);
    assert.equal(loadConfig({ ...base, EINVOICE_DIR: join(t.dir, 'elsewhere') }).einvoiceDir, join(t.dir, 'elsewhere'));
  });
});
