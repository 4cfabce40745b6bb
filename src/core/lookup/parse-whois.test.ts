import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhois, parseWhoisDate } from './parse-whois.js';

// Shortened real-world answer formats (values changed).
const VERISIGN = `   Domain Name: EXAMPLE.COM
   Registry Domain ID: 2336799_DOMAIN_COM-VRSN
   Registrar WHOIS Server: whois.example-registrar.com
   Registrar URL: http://www.example-registrar.com
   Updated Date: 2023-08-14T07:01:31Z
   Creation Date: 1995-08-14T04:00:00Z
   Registry Expiry Date: 2024-08-13T04:00:00Z
   Registrar: Example Registrar, Inc.
   Registrar IANA ID: 376
   Domain Status: clientDeleteProhibited https://icann.org/epp#clientDeleteProhibited
   Name Server: A.IANA-SERVERS.NET
   Name Server: B.IANA-SERVERS.NET
   DNSSEC: signedDelegation
   URL of the ICANN Whois Inaccuracy Complaint Form: https://www.icann.org/wicf/
>>> Last update of whois database: 2024-01-15T10:00:00Z <<<

NOTICE: The expiration date displayed in this record is the date the
registrar's sponsorship of the domain name registration in the registry is
currently set to expire.
`;

const REGISTRAR = `Domain Name: EXAMPLE.NET
Updated Date: 2023-04-18T09:47:56+0000
Creation Date: 1997-06-18T07:00:00+0000
Registrar Registration Expiration Date: 2025-06-17T07:00:00+0000
Registrar: Network Solutions, LLC
Registrant Name: PERFECT PRIVACY
Registrant Organization: PERFECT PRIVACY, LLC
Registrant Country: US
Admin Organization: Someone Else Ltd
Name Server: NS1.SAFESECUREWEB.COM.
Name Server: NS2.SAFESECUREWEB.COM.
DNSSEC: unsigned
`;

const FICORA = `
domain.............: esimerkki.fi
status.............: Registered
created............: 27.8.2001 00:00:00
expires............: 31.8.2026 09:59:49
available..........: 30.9.2026 09:59:49
modified...........: 26.8.2023 12:30:00
RegistryLock.......: no

Nameservers

nserver............: ns1.esimerkki.fi [OK]
nserver............: ns2.esimerkki.fi [OK]

DNSSEC

dnssec.............: no

Holder

name...............: Esimerkki Oy
register number....: 1234567-8
country............: Finland

Tech

name...............: Tekninen Henkilö

Registrar

registrar..........: Rekisteröijä Oy
www................: www.rekisteroija.fi

>>> Last update of WHOIS database: 30.12.2023 20:15:06 (EET) <<<
`;

const NOMINET = `
    Domain name:
        example.co.uk

    Registrant:
        Example Holdings Ltd

    Registrar:
        Example Registrar Ltd [Tag = EXAMPLE]
        URL: https://registrar.example

    Relevant dates:
        Registered on: 30-Jun-1999
        Expiry date:  30-Jun-2026
        Last updated:  01-Jun-2024

    Name servers:
        ns1.example.co.uk         192.0.2.1
        ns2.example.co.uk

    WHOIS lookup made at 10:00:00 01-Mar-2026
`;

describe('parseWhois', () => {
  it('reads the ICANN RDDS style of a thin registry', () => {
    assert.deepEqual(parseWhois(VERISIGN), {
      notFound: false,
      created: '1995-08-14T04:00:00Z',
      expires: '2024-08-13T04:00:00Z',
      updated: '2023-08-14T07:01:31Z',
      registrar: 'Example Registrar, Inc.',
      owner: null,
      nameServers: ['a.iana-servers.net', 'b.iana-servers.net'],
      dnssec: 'signed',
    });
  });

  it('prefers the registrant organization over its name, and ignores other contacts', () => {
    const p = parseWhois(REGISTRAR);
    assert.equal(p.owner, 'PERFECT PRIVACY, LLC');
    assert.equal(p.created, '1997-06-18T07:00:00Z');
    assert.equal(p.expires, '2025-06-17T07:00:00Z');
    assert.equal(p.dnssec, 'unsigned');
    assert.deepEqual(p.nameServers, ['ns1.safesecureweb.com', 'ns2.safesecureweb.com']);
    assert.equal(parseWhois(REGISTRAR.replace(/^Registrant Organization:.*\n/m, '')).owner, 'PERFECT PRIVACY');
  });

  it('reads dot-leader keys and section headings (.fi)', () => {
    assert.deepEqual(parseWhois(FICORA), {
      notFound: false,
      created: '2001-08-27T00:00:00Z',
      expires: '2026-08-31T09:59:49Z',
      updated: '2023-08-26T12:30:00Z',
      registrar: 'Rekisteröijä Oy',
      owner: 'Esimerkki Oy',
      nameServers: ['ns1.esimerkki.fi', 'ns2.esimerkki.fi'],
      dnssec: 'unsigned',
    });
  });

  it('reads values on indented lines under their key (.uk)', () => {
    const p = parseWhois(NOMINET);
    assert.equal(p.owner, 'Example Holdings Ltd');
    assert.equal(p.registrar, 'Example Registrar Ltd [Tag = EXAMPLE]');
    assert.equal(p.created, '1999-06-30T00:00:00Z');
    assert.equal(p.expires, '2026-06-30T00:00:00Z');
    assert.equal(p.updated, '2024-06-01T00:00:00Z');
    assert.deepEqual(p.nameServers, ['ns1.example.co.uk', 'ns2.example.co.uk']);
    assert.equal(p.dnssec, null);
  });

  it('does not take a name from an unrelated section as the owner', () => {
    assert.equal(parseWhois('Tech\n\nname: Someone\n').owner, null);
    assert.equal(parseWhois('org: Some Org\n').owner, null);
  });

  it('recognises "not registered" answers, but not in an answer describing a registration', () => {
    for (const text of [
      'No match for "NOSUCHNAME.COM".\r\n>>> Last update of whois database: 2024-01-15T10:00:00Z <<<\r\n',
      'NOT FOUND\n',
      '%ERROR:101: no entries found\n',
      'Domain not found\n',
      'Domain: nosuchname.de\nStatus: free\n',
      'Domain: nosuchname.eu\nStatus: AVAILABLE\n',
      'The queried object does not exist: DOMAIN NOT FOUND\n',
    ]) {
      assert.equal(parseWhois(text).notFound, true, text);
    }
    assert.equal(parseWhois(`${VERISIGN}\nNOT FOUND\n`).notFound, false);
    assert.equal(parseWhois('').notFound, false);
  });

  it('gives nulls and no name servers for text it cannot read', () => {
    assert.deepEqual(parseWhois('Rate limit exceeded. Try again later.\n'), {
      notFound: false, created: null, expires: null, updated: null, registrar: null, owner: null, nameServers: [], dnssec: null,
    });
  });
});

describe('parseWhoisDate', () => {
  it('reads the common forms into ISO 8601 UTC', () => {
    const cases: Array<[string, string | null]> = [
      ['1997-09-15T04:00:00Z', '1997-09-15T04:00:00Z'],
      ['1997-09-15T04:00:00.123Z', '1997-09-15T04:00:00Z'],
      ['2028-09-13T07:00:00+0000', '2028-09-13T07:00:00Z'],
      ['2018-03-12T21:44:25+01:00', '2018-03-12T20:44:25Z'],
      ['2023-04-18 09:47:56', '2023-04-18T09:47:56Z'],
      ['2001/01/01', '2001-01-01T00:00:00Z'],
      ['1.1.1991 00:00:00', '1991-01-01T00:00:00Z'],
      ['30-Jun-1999', '1999-06-30T00:00:00Z'],
      ['before Aug-1996', null],
      ['2023-02-30', null],
      ['2023-13-01', null],
      ['', null],
    ];
    for (const [input, expected] of cases) assert.equal(parseWhoisDate(input), expected, input);
  });
});
