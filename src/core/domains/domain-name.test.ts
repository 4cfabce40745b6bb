import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainToASCII, domainToUnicode } from 'node:url';
import { isHostName, parseDomainName, parseLabel } from './domain-name.js';

describe('parseDomainName', () => {
  it('accepts plain and IDN names, storing punycode beside the unicode form', () => {
    assert.deepEqual(parseDomainName('Example.FI'), { fqdn: 'example.fi', fqdnUnicode: 'example.fi', sld: 'example', tld: 'fi' });
    const idn = parseDomainName('mäkiläinen.fi');
    assert.equal(idn?.fqdn, 'xn--mkilinen-0zad.fi');
    assert.equal(idn?.fqdnUnicode, 'mäkiläinen.fi');
    assert.equal(parseDomainName('xn--mkilinen-0zad.fi')?.fqdnUnicode, 'mäkiläinen.fi');
  });
  it('gives a plain lower-case name (which skips the UTS #46 conversions) what the conversions would', () => {
    for (const name of ['example.fi', 'a-b.com', '123.fi', 'x.io', 'ab--cd.fi', 'a--.fi', 'example.xn--p1ai', 'xn--mkilinen-0zad.fi', 'xn--bad.fi']) {
      const ascii = domainToASCII(name).toLowerCase();
      const [sld, tld] = ascii.split('.') as [string, string];
      const parsed = parseDomainName(name);
      if (parsed) assert.deepEqual(parsed, { fqdn: ascii, fqdnUnicode: domainToUnicode(ascii), sld, tld }, name);
      else assert.ok(['ab--cd.fi', 'a--.fi', 'xn--bad.fi'].includes(name), `${name} refused`);
    }
  });
  it('refuses what is not a registrable second-level name', () => {
    for (const bad of ['', 'fi', 'www.example.fi', '-bad.fi', 'bad-.fi', 'a_b.fi', 'ex ample.fi', `${'a'.repeat(64)}.fi`,
      'example.f1', 'ab--cd.fi', 'example..fi', 'http://example.fi']) {
      assert.equal(parseDomainName(bad), undefined, bad);
    }
  });
  it('parses bare labels and host names', () => {
    assert.equal(parseLabel('test'), 'test');
    assert.equal(parseLabel('test.com'), undefined);
    assert.equal(isHostName('ns1.example.fi'), true);
    assert.equal(isHostName('ns1'), false);
  });
});
