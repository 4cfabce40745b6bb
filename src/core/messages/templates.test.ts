import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEMPLATES, render, type TemplateInput } from './templates.js';
import { templateOf } from './mail-subscriber.js';

const input = (data: Record<string, unknown>): TemplateInput => ({
  provider: 'Hostplane Oy',
  subject: 'xn--mkikauppa-v2a.fi',
  data,
  invoice: { refNumber: '10016', totalCents: 1870, dueDate: '2026-03-15', iban: 'FI2112345600000785', bic: 'NDEAFIHH' },
  link: 'https://example.test/panel/password-reset/new?token=abc',
  linkMinutes: 60,
});

describe('message templates', () => {
  it('every template writes a subject and a signed body in Finnish and in English', () => {
    for (const template of TEMPLATES) {
      const data = { exp_date: '2027-03-01', days: 7, reminder: 1, ref_number: '10016', name: 'Webhotelli', kind: 'register' };
      const fi = render(template, 'fi', input(data));
      const en = render(template, 'en', input(data));
      assert.ok(fi.subject && en.subject && fi.subject !== en.subject, template);
      assert.match(fi.text, /Ystävällisin terveisin\nHostplane Oy\n$/, template);
      assert.match(en.text, /Kind regards,\nHostplane Oy\n$/, template);
      assert.doesNotMatch(fi.text + en.text, /undefined|NaN|\[object/, template);
    }
  });

  it('names the domain in Unicode, dates and money as each language writes them', () => {
    const fi = render('domain_expiring', 'fi', input({ exp_date: '2027-03-01', days: 1 }));
    assert.equal(fi.subject, 'mäkikauppa.fi vanhenee 1.3.2027');
    assert.match(fi.text, /huomenna/);
    const en = render('domain_expired', 'en', input({ exp_date: '2027-03-01' }));
    assert.match(en.text, /expired on 2027-03-01\. Renew it by 2027-03-31/);
    assert.match(render('invoice_created', 'fi', input({})).text, /Summa: 18,70 €\nEräpäivä: 15\.3\.2026\nViitenumero: 10016\nTilinumero: FI21 1234 5600 0007 85 \(BIC NDEAFIHH\)/);
    assert.match(render('invoice_created', 'en', input({})).text, /Amount: EUR 18\.70/);
    assert.match(render('invoice_overdue', 'en', input({ reminder: 2 })).subject, /^Second reminder: invoice 10016$/);
  });

  it('maps the events that tell an account something, and a transfer order only', () => {
    const of = (type: string, data: object = {}) => templateOf({ type, data: JSON.stringify(data) });
    assert.equal(of('invoice.created'), 'invoice_created');
    assert.equal(of('invoice.overdue', { reminder: 1 }), 'invoice_overdue');
    assert.equal(of('invoice.cancelled'), 'invoice_cancelled');
    assert.equal(of('service.suspended'), 'service_suspended');
    assert.equal(of('domain.ordered', { kind: 'transfer' }), 'transfer_started');
    assert.equal(of('domain.ordered', { kind: 'register' }), undefined);
    assert.equal(of('domain.transferred_in'), 'transfer_completed');
    assert.equal(of('domain.expiring'), 'domain_expiring');
    assert.equal(of('dns.record_created'), undefined);
  });
});
