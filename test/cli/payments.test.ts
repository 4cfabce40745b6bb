import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, type CliRun } from '../helpers/cli.js';
import { purchase } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { creditorReference, formatReferenceNumber, referenceNumber } from '../../src/core/billing/reference-number.js';
import { importPayments } from '../../src/core/payments/import-payments.js';
import { ACCOUNT, camt053v02, camt054v02, camt054v08 } from '../fixtures/camt/camt-files.js';

/**
 * The bank's files paying invoices (`hostplane payments import|list`): customers buy .fi names (prepaid,
 * so each waits for its invoice), the camt.054 and camt.053 files name the invoices by reference, and
 * the domains go live as the client API shows. Over the test store (SQLite, or PostgreSQL under
 * TEST_DATABASE_URL).
 */
describe('hostplane payments import and list', () => {
  let t: TestServer;
  let token: string;
  // An import writes (payments, invoices paid, orders fulfilled): it runs as its own process, as the
  // operator's does. In this process a SQLite write would wait for the server's lock synchronously,
  // stalling the very event loop the server needs to let it go (five-second busy waits, over and over).
  const store = () => ({ databaseUrl: t.databaseUrl, env: { DATA_DIR: t.dir } });
  const cli = (...args: string[]): Promise<CliRun> => (args[1] === 'import' ? spawnCli(store(), ...args) : runCli(store(), ...args));
  /** A command refused before it writes anything runs in this process (no lock to wait for). */
  const refused = (...args: string[]): Promise<CliRun> => runCli(store(), ...args);
  /** Writes a file into the test's folder, as the bank's file lands in the operator's. */
  const file = (name: string, text: string): string => {
    const path = join(t.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const invoices = new Map<string, { id: number; ref: string; total: string }>();
  const domainStatus = async (name: string): Promise<string> => {
    const res = await t.request('GET', '/api/v1/domain/domains', { token });
    return res.body.data.find((d: { fqdn: string }) => d.fqdn === name)?.status;
  };
  const invoiceOf = async (name: string) => {
    const res = await t.request('GET', `/api/v1/invoice/invoices/${invoices.get(name)!.id}`, { token });
    assert.equal(res.status, 200);
    return res.body.data;
  };
  const listed = async (...args: string[]) => {
    const run = await cli('payments', 'list', '--json', ...args);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    return run.json;
  };

  before(async () => {
    t = await startTestServer();
    token = (await t.user({ username: 'maksaja' })).token;
    for (const name of ['kahvila.fi', 'leipomo.fi', 'kirjasto.fi', 'sauna.fi']) {
      await purchase(t, token, name);
      const all = (await t.request('GET', '/api/v1/invoice/invoices', { token })).body.data;
      const invoice = all[all.length - 1];
      invoices.set(name, { id: invoice.id, ref: String(invoice.ref_number), total: invoice.total.toFixed(2) });
    }
  });
  after(async () => {
    await t?.close();
  });

  it('a camt.054 batch pays one invoice by its RF reference, part of another, and keeps what it cannot match', async () => {
    const kahvila = invoices.get('kahvila.fi')!;
    const leipomo = invoices.get('leipomo.fi')!;
    assert.equal(kahvila.total, '18.70', 'the .fi year at 14.90 with 25.5 % VAT');
    assert.equal(await domainStatus('kahvila.fi'), 'pending', 'prepaid: waiting for the payment');
    const badCheck = kahvila.ref.slice(0, -1) + String((Number(kahvila.ref.slice(-1)) + 1) % 10);
    const xml = camt054v02('OP20260302-0001', [
      {
        archiveId: '260302AAAA00001', amount: '48.70',
        txs: [
          // The RF form, printed in groups of four as on the invoice.
          { archiveId: '260302AAAA00001A', amount: '18.70', reference: creditorReference(kahvila.ref).replace(/(.{4})(?=.)/g, '$1 '), debtor: 'Kahvila & Leipä Oy' },
          // The national form, in groups of five as printed.
          { archiveId: '260302AAAA00001B', amount: '10.00', reference: formatReferenceNumber(leipomo.ref) },
          { archiveId: '260302AAAA00001C', amount: '20.00', reference: referenceNumber(987654) },
        ],
      },
      { archiveId: '260302BBBB00002', credit: false, amount: '5.90', family: 'ICDT', txs: [{ archiveId: '260302BBBB00002A', amount: '5.90' }] },
      { archiveId: '260302CCCC00003', amount: '18.70', txs: [{ archiveId: '260302CCCC00003A', amount: '18.70', reference: badCheck }] },
      { archiveId: '260302DDDD00004', amount: '18.70', currency: 'USD', txs: [{ archiveId: '260302DDDD00004A', amount: '18.70', reference: kahvila.ref }] },
    ]);
    const path = file('viitteet-20260302.xml', xml);

    const run = await cli('payments', 'import', path, '--json');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.json.kind, 'camt.054');
    assert.equal(run.json.version, 'camt.054.001.02');
    assert.equal(run.json.message_id, 'OP20260302-0001');
    assert.deepEqual(run.json.summary, { imported: 4, matched: 1, partial: 1, over: 0, unmatched: 2, duplicates: 0, not_imported: 2 });
    const outcome = Object.fromEntries(run.json.payments.map((p: any) => [p.bank_ref, [p.outcome, p.invoice_id, p.reason]]));
    assert.deepEqual(outcome, {
      '260302AAAA00001A': ['matched', kahvila.id, null],
      '260302AAAA00001B': ['partial', leipomo.id, null],
      '260302AAAA00001C': ['unmatched', null, `no invoice has reference ${referenceNumber(987654)}`],
      '260302BBBB00002A': ['not_imported', null, 'a debit'],
      '260302CCCC00003A': ['unmatched', null, `bad check digit in reference ${badCheck}`],
      '260302DDDD00004A': ['not_imported', null, 'in USD, not EUR'],
    });

    // The customer sees the invoice paid on the booking date, and the domain live.
    const paid = await invoiceOf('kahvila.fi');
    assert.deepEqual([paid.paid, paid.date_paid, paid.payment_method], [true, '2026-03-02', 'bank transfer']);
    assert.equal(await domainStatus('kahvila.fi'), 'active');
    // The partial payment leaves the invoice unpaid, its domain waiting, and 8.70 due.
    assert.equal((await invoiceOf('leipomo.fi')).paid, false);
    assert.equal(await domainStatus('leipomo.fi'), 'pending');
    const shown = await cli('invoices', 'show', String(leipomo.id), '--json');
    assert.equal(shown.json.amount_due, 8.7);
    assert.deepEqual(shown.json.payments.map((p: any) => [p.amount, p.status, p.debtor]), [[10, 'partial', 'MEIKÄLÄINEN MATTI']]);
    assert.match((await cli('invoices', 'show', String(leipomo.id))).stdout, /payment 2026-03-02 {2}10\.00 EUR {2}partial .*\nunpaid: 8\.70 EUR still due\n$/);

    const all = await listed();
    assert.equal(all.meta.total, 4, 'the debit and the dollars are not stored');
    const partial = all.data.find((p: any) => p.bank_ref === '260302AAAA00001B');
    assert.deepEqual([partial.status, partial.amount, partial.invoice_due, partial.invoice_paid, partial.account, partial.file_name],
      ['partial', 10, 8.7, false, ACCOUNT, 'viitteet-20260302.xml']);
    const matched = all.data.find((p: any) => p.bank_ref === '260302AAAA00001A');
    assert.deepEqual([matched.debtor, matched.reference, matched.invoice_due], ['Kahvila & Leipä Oy', creditorReference(kahvila.ref).replace(/(.{4})(?=.)/g, '$1 '), 0]);
    const unmatched = await listed('--unmatched');
    assert.deepEqual(unmatched.data.map((p: any) => p.bank_ref).sort(), ['260302AAAA00001C', '260302CCCC00003A']);
    assert.ok(unmatched.data.every((p: any) => p.invoice_id === null && p.reason));
    const text = await cli('payments', 'list', '--unmatched');
    assert.match(text.stdout, /^ID\s+BOOKED\s+AMOUNT\s+REFERENCE\s+DEBTOR\s+STATUS\s+INVOICE\s+DUE\s+NOTE\n/);
    assert.match(text.stdout, /18\.70 EUR .* unmatched .* bad check digit in reference/);

    // The same file again changes nothing: every payment is a duplicate.
    const again = await cli('payments', 'import', path);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^viitteet-20260302\.xml \(camt\.054\.001\.02, message OP20260302-0001\): 0 imported: 0 matched, 0 partial, 0 over, 0 unmatched; 4 duplicates skipped; 2 not imported\n/);
    assert.equal((await listed()).meta.total, 4);
    assert.equal((await cli('invoices', 'show', String(leipomo.id), '--json')).json.amount_due, 8.7, 'the partial payment is not counted twice');
  });

  it('a camt.054.001.08 pays the rest, overpays a third invoice, and refuses a payment of an invoice already paid', async () => {
    const kahvila = invoices.get('kahvila.fi')!;
    const leipomo = invoices.get('leipomo.fi')!;
    const kirjasto = invoices.get('kirjasto.fi')!;
    const xml = camt054v08('NDEA-20260303-7', [
      {
        archiveId: '260303XXXX00010', amount: '47.40',
        txs: [
          { archiveId: '260303XXXX00010A', amount: '8.70', reference: creditorReference(leipomo.ref) },
          { archiveId: '260303XXXX00010B', amount: '20.00', reference: kirjasto.ref, debtor: 'Kirjasto ry' },
          { archiveId: '260303XXXX00010C', amount: '18.70', reference: `00000${kahvila.ref}` },
        ],
      },
    ]);
    const run = await cli('payments', 'import', file('camt054-20260303.xml', xml), '--json');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.json.version, 'camt.054.001.08');
    assert.deepEqual(run.json.summary, { imported: 3, matched: 1, partial: 0, over: 1, unmatched: 1, duplicates: 0, not_imported: 0 });
    const [rest, over, twice] = run.json.payments;
    assert.deepEqual([rest.outcome, rest.invoice_id, rest.invoice_due], ['matched', leipomo.id, 0], 'the rest pays it');
    assert.deepEqual([over.outcome, over.invoice_id, over.excess], ['over', kirjasto.id, 1.3]);
    assert.deepEqual([twice.outcome, twice.invoice_id, twice.reason], ['unmatched', null, `invoice ${kahvila.id} (reference ${kahvila.ref}) is already paid`]);

    for (const name of ['leipomo.fi', 'kirjasto.fi']) {
      assert.equal((await invoiceOf(name)).paid, true, name);
      assert.equal(await domainStatus(name), 'active', name);
    }
    const shown = await cli('invoices', 'show', String(leipomo.id), '--json');
    assert.deepEqual(shown.json.payments.map((p: any) => [p.amount, p.status]), [[10, 'partial'], [8.7, 'matched']]);
    assert.equal(shown.json.amount_due, 0);
    const overShown = await cli('invoices', 'show', String(kirjasto.id));
    assert.match(overShown.stdout, /payment 2026-03-03 {2}20\.00 EUR {2}over {2}1\.30 overpaid {2}\(Kirjasto ry, bank ref 260303XXXX00010B\)\npaid 2026-03-03 \(bank transfer\)\n$/);
    const listedOver = (await listed()).data.find((p: any) => p.status === 'over');
    assert.deepEqual([listedOver.excess, listedOver.invoice_due, listedOver.invoice_paid], [1.3, 0, true]);
  });

  it('a camt.053 statement repeating the notifications imports only what is new, and not a batch\'s total', async () => {
    const leipomo = invoices.get('leipomo.fi')!;
    const kahvila = invoices.get('kahvila.fi')!;
    const before = (await listed()).meta.total;
    const xml = camt053v02('OP-STMT-20260303', [
      {
        archiveId: '260302AAAA00001', amount: '48.70',
        txs: [
          { archiveId: '260302AAAA00001A', amount: '18.70', reference: creditorReference(kahvila.ref) },
          { archiveId: '260302AAAA00001B', amount: '10.00', reference: leipomo.ref },
          { archiveId: '260302AAAA00001C', amount: '20.00', reference: referenceNumber(987654) },
        ],
      },
      // An RF reference whose check digits do not verify.
      { archiveId: '260303EEEE00020', amount: '5.00', booked: '2026-03-03', txs: [{ archiveId: '260303EEEE00020A', amount: '5.00', reference: 'RF00' + leipomo.ref }] },
      // The 3 March camt.054's batch as the statement books it: the total alone.
      { archiveId: '260303XXXX00010', amount: '47.40', booked: '2026-03-03', txs: [], count: 3 },
    ]);
    const run = await cli('payments', 'import', file('tiliote-20260303.xml', xml), '--json');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.json.kind, 'camt.053');
    assert.deepEqual(run.json.summary, { imported: 1, matched: 0, partial: 0, over: 0, unmatched: 1, duplicates: 3, not_imported: 1 });
    assert.equal(run.json.payments[3].reason, `bad check digits in RF reference RF00${leipomo.ref}`);
    assert.deepEqual([run.json.payments[4].bank_ref, run.json.payments[4].outcome, run.json.payments[4].amount], ['260303XXXX00010', 'not_imported', 47.4],
      'the batch total is not a second copy of its payments');
    assert.equal((await listed()).meta.total, before + 1);
    assert.equal((await cli('invoices', 'show', String(leipomo.id), '--json')).json.payments.length, 2, 'no third payment on the invoice');
  });

  it('a malformed file is refused with exit code 2 and imports nothing, not even its good entries', async () => {
    const sauna = invoices.get('sauna.fi')!;
    const before = (await listed()).meta.total;
    const good = { archiveId: '260304FFFF00030A', amount: '18.70', reference: sauna.ref };
    const broken = camt054v02('BROKEN-1', [
      { archiveId: '260304FFFF00030', amount: '18.70', txs: [good] },
      { archiveId: '260304FFFF00031', amount: '30.00', txs: [{ archiveId: '260304FFFF00031A', amount: '10.00', noAmount: true }, { archiveId: '260304FFFF00031B', amount: '20.00' }] },
    ]);
    const cases: Array<[string, string, RegExp]> = [
      ['puuttuva-summa.xml', broken, /entry 2 \(260304FFFF00031\), transaction 1: no amount/],
      ['katkennut.xml', camt054v02('CUT-1', [{ archiveId: '260304FFFF00030', amount: '18.70', txs: [good] }]).slice(0, 900), /not well-formed XML/],
      ['maksu.xml', '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>', /not a camt\.054 or camt\.053 document/],
      ['kolme-desimaalia.xml', camt054v02('DEC-1', [{ archiveId: '260304FFFF00032', amount: '18.700', txs: [{ ...good, amount: '18.700' }] }]), /more than two decimals/],
    ];
    for (const [name, xml, message] of cases) {
      const run = await refused('payments', 'import', file(name, xml), '--json');
      assert.equal(run.code, 2, `${name}: ${run.stdout}`);
      assert.match(run.json.error.message, message, name);
      assert.deepEqual(Object.keys(run.json.error.fields), ['file']);
    }
    const text = await refused('payments', 'import', join(t.dir, 'puuttuva-summa.xml'));
    assert.equal(text.code, 2);
    assert.match(text.stderr, /^error: not an importable camt\.054\/camt\.053 file: entry 2/);
    const missing = await refused('payments', 'import', join(t.dir, 'ei-ole.xml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*ei-ole\.xml: ENOENT/);
    assert.equal((await refused('payments', 'import')).code, 2);

    assert.equal((await listed()).meta.total, before, 'nothing imported');
    assert.equal((await invoiceOf('sauna.fi')).paid, false, 'the good entry before the broken one paid nothing');
    assert.equal(await domainStatus('sauna.fi'), 'pending');
  });

  it('imports at once store a payment once, and two halves paid at once add up to the invoice paid', async () => {
    const sauna = invoices.get('sauna.fi')!;
    const ctx = t.server.runtime.ctx;
    const half = (archiveId: string, msgId: string) =>
      camt054v02(msgId, [{ archiveId, amount: '9.35', booked: '2026-03-05', txs: [{ archiveId: `${archiveId}A`, amount: '9.35', reference: sauna.ref }] }]);
    const first = half('260305GGGG00040', 'HALF-1');
    const runs = await Promise.all([
      importPayments(ctx, { xml: first, fileName: 'a.xml' }),
      importPayments(ctx, { xml: first, fileName: 'b.xml' }),
      importPayments(ctx, { xml: half('260305GGGG00041', 'HALF-2'), fileName: 'c.xml' }),
    ]);
    const outcomes = runs.map((r) => r.payments[0]!.outcome);
    assert.equal(outcomes.filter((o) => o === 'duplicate').length, 1, outcomes.join());
    assert.deepEqual(outcomes.filter((o) => o !== 'duplicate').sort(), ['matched', 'partial'], 'the second half saw the first');
    const paid = await invoiceOf('sauna.fi');
    assert.deepEqual([paid.paid, paid.date_paid], [true, '2026-03-05']);
    assert.equal(await domainStatus('sauna.fi'), 'active');
    const shown = await cli('invoices', 'show', String(sauna.id), '--json');
    assert.deepEqual(shown.json.payments.map((p: any) => p.amount), [9.35, 9.35]);
  });
});
