import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Zone } from '../../ports/store.js';
import { FieldErrorCollector } from '../errors.js';
import { parseSoaEdit, soaContent } from './soa.js';

const zone: Zone = {
  id: 7, domain_id: 1, name: 'test.com', serial: 2026030105, primary_ns: 'ns1.hp.test', hostmaster: 'hostmaster.hp.test',
  refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600, default_ttl: 3600, notified_serial: null,
  created_at: '', updated_at: '',
};

const edit = (content: string) => {
  const errors = new FieldErrorCollector();
  return { edit: parseSoaEdit(zone, content, errors), messages: errors.fields.content ?? [] };
};

describe('SOA', () => {
  it('is written from the zone row', () => {
    assert.equal(soaContent(zone), 'ns1.hp.test hostmaster.hp.test 2026030105 7200 3600 1209600 3600');
  });

  it('takes back what it showed, and changes the hostmaster and timers', () => {
    assert.deepEqual(edit(soaContent(zone)).edit, { hostmaster: 'hostmaster.hp.test', refresh: 7200, retry: 3600, expire: 1209600, minimum: 3600 });
    assert.deepEqual(edit('NS1.hp.test. dns@Example.com 1 86400 7200 2419200 60').edit, {
      hostmaster: 'dns.example.com', refresh: 86400, retry: 7200, expire: 2419200, minimum: 60,
    });
  });

  it('refuses the primary name server changing, bad timers and malformed text, naming each problem', () => {
    for (const bad of [
      'ns2.hp.test hostmaster.hp.test 1 7200 3600 1209600 3600',
      'ns1.hp.test hostmaster 1 7200 3600 1209600 3600',
      'ns1.hp.test hostmaster.hp.test x 7200 3600 1209600 3600',
      'ns1.hp.test hostmaster.hp.test 1 299 60 1209600 3600',
      'ns1.hp.test hostmaster.hp.test 1 7200 59 1209600 3600',
      'ns1.hp.test hostmaster.hp.test 1 7200 3600 86399 3600',
      'ns1.hp.test hostmaster.hp.test 1 7200 3600 1209600 86401',
      'ns1.hp.test hostmaster.hp.test 1 7200 7201 1209600 3600',
      'ns1.hp.test hostmaster.hp.test 1 86400 86400 86400 3600',
      'ns1.hp.test hostmaster.hp.test 1 7200 3600 1209600',
      'ns1.hp.test hostmaster.hp.test 1 7200 3600 1209600 -1',
    ]) {
      const { edit: out, messages } = edit(bad);
      assert.equal(out, undefined, bad);
      assert.ok(messages.length > 0, bad);
    }
    assert.equal(edit('ns2.hp.test x 1 1 1 1 1').messages.length, 7, 'every problem at once');
  });
});
