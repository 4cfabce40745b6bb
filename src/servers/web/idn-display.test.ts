import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { domainToASCII } from 'node:url';
import { displayHost, isHighlyRestrictive } from './idn-display.js';

const ascii = (name: string) => domainToASCII(name);

describe('IDN display (Chromium / UTS #39 Highly Restrictive)', () => {
  it('shows a single-script IDN in its own letters', () => {
    assert.equal(displayHost('xn--mkikauppa-v2a.fi'), 'mäkikauppa.fi');
    assert.equal(displayHost(ascii('пример.рф')), 'пример.рф');
    assert.equal(displayHost(ascii('παράδειγμα.gr')), 'παράδειγμα.gr');
    assert.equal(displayHost(ascii('例え.jp')), '例え.jp');
    assert.equal(displayHost('www.example.com'), 'www.example.com');
  });

  it('keeps a label that mixes scripts in its xn-- form (the audit: a Cyrillic "а" in paypal)', () => {
    assert.equal(ascii('pаypal.fi'), 'xn--pypal-4ve.fi');
    assert.equal(displayHost('xn--pypal-4ve.fi'), 'xn--pypal-4ve.fi');
    assert.equal(displayHost(`www.xn--pypal-4ve.fi`), 'www.xn--pypal-4ve.fi');
    // Greek omicron among Latin letters; Latin among Cyrillic.
    assert.equal(displayHost(ascii('gοogle.com')), ascii('gοogle.com'));
    assert.equal(displayHost(ascii('пpимер.рф')), `${ascii('пpимер.рф').split('.')[0]}.рф`);
    // Only the mixed label stays encoded; the others are shown.
    assert.equal(displayHost(`${ascii('mäki')}.xn--pypal-4ve.fi`), 'mäki.xn--pypal-4ve.fi');
  });

  it('allows the CJK mixes of Highly Restrictive, and no other', () => {
    assert.ok(isHighlyRestrictive('abcひらがなカタカナ漢字'), 'Latin + Han + Hiragana + Katakana');
    assert.ok(isHighlyRestrictive('abc漢字ㄅㄆ'), 'Latin + Han + Bopomofo');
    assert.ok(isHighlyRestrictive('abc한국어漢字'), 'Latin + Han + Hangul');
    assert.ok(!isHighlyRestrictive('한국어ひらがな'), 'Hangul + Hiragana');
    assert.ok(!isHighlyRestrictive('abcабв'), 'Latin + Cyrillic');
    assert.ok(isHighlyRestrictive('abc-123'), 'Common characters go with any script');
    assert.equal(displayHost(ascii('ソニーabc.jp')), 'ソニーabc.jp');
  });

  it('keeps a whole-script Cyrillic look-alike of a Latin name encoded, except under a Cyrillic TLD', () => {
    const apple = ascii('аррӏе.com');
    assert.match(apple, /^xn--/);
    assert.equal(displayHost(apple), apple);
    assert.equal(displayHost(ascii('аррӏе.рф')), 'аррӏе.рф');
    assert.equal(displayHost(ascii('москва.com')), 'москва.com', 'Cyrillic letters that do not look Latin');
  });

  it('keeps labels with invisible characters or that do not decode in their ASCII form', () => {
    const zwj = ascii('ab\u200dc.com');
    if (zwj.startsWith('xn--')) assert.equal(displayHost(zwj), zwj);
    assert.equal(displayHost('xn--zz.com'), 'xn--zz.com');
    assert.equal(displayHost('xn--.com'), 'xn--.com');
  });
});
