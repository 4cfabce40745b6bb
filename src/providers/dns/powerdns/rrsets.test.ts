import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishedRecord } from '../../../ports/dns.js';
import { fromContent, toContent, toRRset, txtContent, txtText } from './rrsets.js';

const r = (type: string, content: string, extra: Partial<PublishedRecord> = {}): PublishedRecord => ({
  name: 'x.example.fi', type, content, ttl: 300, priority: null, weight: null, port: null, fallback_ip: null, ...extra,
});

describe('PowerDNS record translation', () => {
  it('writes names absolute and reads them back bare and lower case', () => {
    assert.equal(toContent(r('MX', 'mail.example.fi', { priority: 0 })), '0 mail.example.fi.');
    assert.equal(toContent(r('ANAME', 'target.example.net')), 'target.example.net.');
    assert.deepEqual(fromContent('X.Example.FI.', 'ALIAS', 60, 'Target.Example.NET.'), r('ANAME', 'target.example.net', { ttl: 60 }));
    // A null MX (RFC 7505) keeps its root target.
    assert.equal(toContent(r('MX', '', { priority: 0 })), '0 .');
    assert.equal(fromContent('x.example.fi.', 'MX', 300, '0 .').content, '');
  });

  it('quotes TXT text in 255-byte strings with escapes, and reads any quoting back', () => {
    assert.equal(txtContent(''), '""');
    assert.equal(txtContent('a "b" \\ ä'), '"a \\"b\\" \\\\ \\195\\164"');
    assert.equal(txtContent('y'.repeat(256)), `"${'y'.repeat(255)}" "y"`);
    for (const text of ['', 'a "b" \\ ä', `${'a'.repeat(254)}äöå €`, 'y'.repeat(600)]) assert.equal(txtText(txtContent(text)), text);
    assert.equal(txtText('"v=spf1" "-all"'), 'v=spf1-all');
    assert.equal(txtText('unquoted words'), 'unquotedwords');
    assert.equal(txtText('"ä raw"'), 'ä raw');
  });

  it('gives an RRset the lowest TTL of its records, sends equal contents once, and deletes an empty one', () => {
    const set = toRRset('x.example.fi', 'A', [r('A', '192.0.2.1'), r('A', '192.0.2.1', { ttl: 60 }), r('A', '192.0.2.2', { ttl: 3600 })]);
    assert.deepEqual(set, {
      name: 'x.example.fi.', type: 'A', ttl: 60, changetype: 'REPLACE',
      records: [{ content: '192.0.2.1', disabled: false }, { content: '192.0.2.2', disabled: false }],
    });
    assert.deepEqual(toRRset('x.example.fi', 'ANAME', []), { name: 'x.example.fi.', type: 'ALIAS', changetype: 'DELETE' });
  });
});
