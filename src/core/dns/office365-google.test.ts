import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord } from '../../ports/store.js';
import { googleRecords, office365Records } from './office365-google.js';

let nextId = 1;
const r = (type: string, name: string, content: string, extra: Partial<DnsRecord> = {}): DnsRecord => ({
  id: nextId++, zone_id: 1, name, type, content, ttl: 3600, priority: null, weight: null, port: null, service: null,
  proto: null, redirect_type: null, fallback_ip: null, created_at: '', updated_at: '', ...extra,
});
const Z = 'my-shop.co.uk';

describe('Microsoft 365 and Google Workspace records', () => {
  it('all false for an empty zone', () => {
    const o = office365Records(Z, []);
    assert.ok(Object.values(o).every((group) => Object.values(group).every((v) => v === false)));
    const g = googleRecords(Z, []);
    assert.ok(Object.values(g).every((group) => Object.values(group).every((v) => v === false)));
  });

  it('finds each Microsoft record by name, type and target (and port for SRV)', () => {
    const records = [
      r('MX', Z, 'my-shop-co-uk.mail.protection.outlook.com', { priority: 0 }),
      r('CNAME', `autodiscover.${Z}`, 'autodiscover.outlook.com'),
      r('CNAME', `sip.${Z}`, 'SIPDIR.online.lync.com.'),
      r('CNAME', `lyncdiscover.${Z}`, 'webdir.online.lync.com'),
      r('CNAME', `msoid.${Z}`, 'clientconfig.microsoftonline-p.net'),
      r('CNAME', `enterpriseregistration.${Z}`, 'enterpriseregistration.windows.net'),
      r('CNAME', `enterpriseenrollment.${Z}`, 'enterpriseenrollment.manage.microsoft.com'),
      r('TXT', Z, '"v=spf1 include:spf.protection.outlook.com -all"'),
      r('SRV', Z, 'sipdir.online.lync.com', { service: '_sip', proto: '_tls', priority: 100, weight: 1, port: 443 }),
      r('SRV', Z, 'sipfed.online.lync.com', { service: '_sipfederationtls', proto: '_tcp', priority: 100, weight: 1, port: 5061 }),
    ];
    const o = office365Records(Z, records);
    assert.ok(Object.values(o).every((group) => Object.values(group).every((v) => v === true)), JSON.stringify(o));
  });

  it('does not count near misses', () => {
    const o = office365Records(Z, [
      r('MX', Z, 'my-shop.co.uk.mail.protection.outlook.com'),
      r('MX', `sub.${Z}`, 'my-shop-co-uk.mail.protection.outlook.com'),
      r('CNAME', `autodiscover.sub.${Z}`, 'autodiscover.outlook.com'),
      r('TXT', Z, 'include:spf.protection.outlook.com'),
      r('TXT', `www.${Z}`, 'v=spf1 include:spf.protection.outlook.com -all'),
      r('TXT', Z, 'v=spf1 include:spf.protection.outlook.com.evil.net -all'),
      r('SRV', Z, 'sipdir.online.lync.com', { service: '_sip', proto: '_tcp', port: 443 }),
      r('SRV', Z, 'sipfed.online.lync.com', { service: '_sipfederationtls', proto: '_tcp', port: 5060 }),
    ]);
    assert.ok(Object.values(o).every((group) => Object.values(group).every((v) => v === false)), JSON.stringify(o));
  });

  it('Google: the five MX hosts and the SPF include, each on its own', () => {
    const g = googleRecords(Z, [
      r('MX', Z, 'aspmx.l.google.com', { priority: 1 }),
      r('MX', Z, 'alt2.aspmx.l.google.com', { priority: 5 }),
      r('MX', `mail.${Z}`, 'alt3.aspmx.l.google.com', { priority: 10 }),
      r('TXT', Z, 'v=spf1 ~include:_spf.google.com -all'),
    ]);
    assert.deepEqual(g, { mx: { aspmx: true, alt1: false, alt2: true, alt3: false, alt4: false }, txt: { spf: true } });
  });
});
