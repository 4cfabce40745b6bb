import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord, Zone } from '../../../ports/store.js';
import { DomainError, invalid } from '../../errors.js';
import { parsePartnerRecord, partnerName, presentRecord, withPartnerFields } from './record-presentation.js';

const zone = { id: 1, name: 'test.com' } as Zone;
const input = (record_type_name: string, record_name: string, record_data: string, priority = 1, fallback_ip?: string | null) =>
  ({ record_type_name, record_name, record_data, priority, fallback_ip });

describe('partner record presentation', () => {
  it('reads names as a zone file does: "@", full names, and relative names of any depth', () => {
    assert.equal(partnerName('test.com', '@'), 'test.com');
    assert.equal(partnerName('test.com', 'test'), 'test.test.com');
    assert.equal(partnerName('test.com', 'selector1._domainkey'), 'selector1._domainkey.test.com');
    assert.equal(partnerName('test.com', 'www.test.com'), 'www.test.com');
    assert.equal(partnerName('test.com', 'www.test.com.'), 'www.test.com');
    assert.equal(partnerName('test.com', 'www.other.com.'), undefined, 'an absolute name outside the zone');
    assert.equal(partnerName('test.com', 'bad name'), undefined);
  });

  it('splits SRV names and data, takes priority for MX and SRV, unquotes TXT, keeps fallback_ip for A', () => {
    assert.deepEqual(parsePartnerRecord(zone, input('SRV', '_sip._tls', '1 443 sip.example.net', 100)).input, {
      host: '@', type: 'SRV', content: 'sip.example.net', service: '_sip', proto: '_tls', priority: 100, weight: 1, port: 443,
    });
    assert.equal(parsePartnerRecord(zone, input('SRV', '_sip._tcp.office.test.com', '1 443 x.example.net')).input.host, 'office.test.com');
    assert.deepEqual(parsePartnerRecord(zone, input('mx', '@', 'mx.example.net', 10)).input, { host: 'test.com', type: 'MX', content: 'mx.example.net', pref: 10 });
    assert.equal(parsePartnerRecord(zone, input('TXT', '@', '"v=spf1 -all"')).input.content, 'v=spf1 -all');
    assert.equal(parsePartnerRecord(zone, input('A', 'w', '192.0.2.1', 1, '192.0.2.2')).input.fallback_ip, '192.0.2.2');
    assert.equal(parsePartnerRecord(zone, input('A', 'w', '192.0.2.1', 1, '')).input.fallback_ip, undefined);
    assert.equal(parsePartnerRecord(zone, input('A', 'w', '192.0.2.1', 1, null)).input.fallback_ip, undefined);
    assert.deepEqual(parsePartnerRecord(zone, input('TXT', 'w', 'x', 1, '192.0.2.2')).errors, { fallback_ip: ['The fallback_ip is only for A records'] });
    assert.deepEqual(Object.keys(parsePartnerRecord(zone, input('SRV', 'sip', '1 2')).errors).sort(), ['record_data', 'record_name']);
  });

  it('reports the shared rules in the partner field names, its own problems first', () => {
    const shared = () => {
      throw invalid({ content: ['The content must be an IPv4 address'], host: ['The host is required'], weight: ['w'] });
    };
    try {
      withPartnerFields({ record_data: ['own'] }, shared);
      assert.fail('expected invalid');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.deepEqual(e.fields, { record_name: ['The record_name is required'], record_data: ['own'] });
    }
    assert.throws(() => withPartnerFields({ fallback_ip: ['x'] }, () => 1), (e) => e instanceof DomainError && !!e.fields?.fallback_ip);
    assert.equal(withPartnerFields({}, () => 1), 1);
  });

  it('shows SRV data as "weight port target" with the owner in full, priority 0 where a type has none', () => {
    const base = { id: 1, zone_id: 1, ttl: 3600, redirect_type: null, fallback_ip: null, created_at: '', updated_at: '' };
    const srv: DnsRecord = { ...base, name: 'test.com', type: 'SRV', content: 'sip.example.net', priority: 100, weight: 1, port: 443, service: '_sip', proto: '_tls' };
    assert.deepEqual(presentRecord(srv), { name: '_sip._tls.test.com', data: '1 443 sip.example.net', priority: 100 });
    const a: DnsRecord = { ...base, name: 'w.test.com', type: 'A', content: '192.0.2.1', priority: null, weight: null, port: null, service: null, proto: null };
    assert.deepEqual(presentRecord(a), { name: 'w.test.com', data: '192.0.2.1', priority: 0 });
  });
});
