import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WhoisClient, parseEndpoint } from '../../src/providers/lookup/whois-client.js';
import { DomainError } from '../../src/core/errors.js';
import { startFakeWhois, type FakeWhois } from '../helpers/fake-whois.js';
import { unusedPort } from '../helpers/ports.js';

const ANSWER = 'Domain Name: EXAMPLE.COM\r\nRegistrar: Example Registrar\r\n';

describe('WhoisClient (RFC 3912 over loopback)', () => {
  const servers: FakeWhois[] = [];
  const start = async (answer: Parameters<typeof startFakeWhois>[0]) => {
    const s = await startFakeWhois(answer);
    servers.push(s);
    return s;
  };
  after(async () => {
    for (const s of servers) await s.close();
  });

  const upstreamError = (pattern: RegExp) => (err: unknown) => {
    assert.ok(err instanceof DomainError, String(err));
    assert.equal(err.code, 'upstream_unavailable');
    assert.match(err.message, pattern);
    return true;
  };

  it('sends the name and CRLF to the configured server and returns everything it writes', async () => {
    const registry = await start(() => ANSWER);
    const unusedIana = await start(() => 'refer: nowhere.invalid\n');
    const client = new WhoisClient({ servers: { com: registry.address }, ianaServer: unusedIana.address, timeoutMs: 2000 });
    assert.deepEqual(await client.query('example.com'), { kind: 'answer', server: registry.address, rawText: ANSWER });
    assert.deepEqual(registry.queries, ['example.com']);
    assert.deepEqual(unusedIana.queries, [], 'a configured TLD does not ask IANA');
  });

  it('asks IANA for an unlisted TLD, follows "refer:" (host:port too), and remembers the referral', async () => {
    const registry = await start((q) => `Domain Name: ${q.toUpperCase()}\n`);
    const iana = await start((q) =>
      `% IANA WHOIS server\n\ndomain:       ${q.toUpperCase()}\n\nrefer:        ${registry.address}\n\nwhois:        whois.nic.${q}\n`);
    const client = new WhoisClient({ servers: {}, ianaServer: iana.address, timeoutMs: 2000 });
    const first = await client.query('example.xyz');
    assert.equal(first.kind === 'answer' && first.rawText, 'Domain Name: EXAMPLE.XYZ\n');
    await client.query('other.xyz');
    assert.deepEqual(iana.queries, ['xyz'], 'IANA is asked for the TLD, once');
    assert.deepEqual(registry.queries, ['example.xyz', 'other.xyz']);
  });

  it('falls back to the "whois:" line, and tells an unknown TLD from one without a WHOIS server', async () => {
    const registry = await start(() => ANSWER);
    const iana = await start((q) => {
      if (q === 'zz') return '% IANA WHOIS server\n% This query returned 0 objects.\n';
      if (q === 'nowhois') return 'domain:       NOWHOIS\nstatus:       ACTIVE\n';
      return `domain:       ${q.toUpperCase()}\nwhois:        ${registry.address}\n`;
    });
    const client = new WhoisClient({ servers: {}, ianaServer: iana.address, timeoutMs: 2000 });
    assert.equal((await client.query('example.abc')).kind, 'answer');
    assert.deepEqual(await client.query('example.zz'), { kind: 'unknown_tld' });
    assert.deepEqual(await client.query('example.nowhois'), { kind: 'no_server' });
  });

  it('reports a refused connection as upstream_unavailable, naming the server', async () => {
    const port = await unusedPort();
    const client = new WhoisClient({ servers: { com: `127.0.0.1:${port}` }, ianaServer: '127.0.0.1:1', timeoutMs: 2000 });
    await assert.rejects(client.query('example.com'), upstreamError(new RegExp(`^WHOIS server 127\\.0\\.0\\.1:${port} could not be reached: connection refused$`)));
  });

  it('gives up at the deadline when the server never answers', async () => {
    const silent = await start(() => null);
    const client = new WhoisClient({ servers: { com: silent.address }, ianaServer: '127.0.0.1:1', timeoutMs: 200 });
    const started = Date.now();
    await assert.rejects(client.query('example.com'), upstreamError(/could not be reached: no answer within 200 ms$/));
    assert.ok(Date.now() - started < 2000);
  });

  it('counts the IANA referral against the same deadline', async () => {
    const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
    // Each answers within the timeout on its own, but not both together. IANA answers at a fifth of the
    // deadline, so that a loaded machine does not make its answer late (the error would then name IANA);
    // lateness of the registry only makes the expected outcome surer.
    const registry = await start(() => later(1300, ANSWER));
    const iana = await start(() => later(300, `refer: ${registry.address}\n`));
    const client = new WhoisClient({ servers: {}, ianaServer: iana.address, timeoutMs: 1500 });
    await assert.rejects(client.query('example.xyz'), upstreamError(new RegExp(`${registry.address} could not be reached: no answer`)));
  });

  it('treats a server that closes without a word as unreachable', async () => {
    const mute = await start(() => '');
    const client = new WhoisClient({ servers: { com: mute.address }, ianaServer: '127.0.0.1:1', timeoutMs: 2000 });
    await assert.rejects(client.query('example.com'), upstreamError(/empty answer$/));
  });

  it('keeps at most maxAnswerBytes, cut at a line end', async () => {
    const line = 'Remark: ääää\n'; // multi-byte characters, so a blind cut would split one
    const huge = await start(() => line.repeat(10_000));
    const client = new WhoisClient({ servers: { com: huge.address }, ianaServer: '127.0.0.1:1', timeoutMs: 2000, maxAnswerBytes: 1000 });
    const answer = await client.query('example.com');
    assert.equal(answer.kind, 'answer');
    if (answer.kind !== 'answer') return;
    assert.ok(Buffer.byteLength(answer.rawText) <= 1000);
    assert.ok(answer.rawText.endsWith('\n'));
    assert.equal(answer.rawText, line.repeat(answer.rawText.split('\n').length - 1));
  });

  it('decodes Latin-1 answers that are not UTF-8', async () => {
    const latin = await start(() => Buffer.from('Registrant: Mäkinen\n', 'latin1'));
    const client = new WhoisClient({ servers: { com: latin.address }, ianaServer: '127.0.0.1:1', timeoutMs: 2000 });
    const answer = await client.query('example.com');
    assert.equal(answer.kind === 'answer' && answer.rawText, 'Registrant: Mäkinen\n');
  });
});

describe('parseEndpoint', () => {
  it('reads host, host:port and IPv6 forms', () => {
    assert.deepEqual(parseEndpoint('whois.nic.fi'), { host: 'whois.nic.fi', port: 43, label: 'whois.nic.fi' });
    assert.deepEqual(parseEndpoint('127.0.0.1:4343'), { host: '127.0.0.1', port: 4343, label: '127.0.0.1:4343' });
    assert.deepEqual(parseEndpoint('[2001:db8::1]:4343'), { host: '2001:db8::1', port: 4343, label: '[2001:db8::1]:4343' });
    assert.deepEqual(parseEndpoint('2001:db8::1'), { host: '2001:db8::1', port: 43, label: '2001:db8::1' });
    for (const bad of ['', 'host:0', 'host:70000', 'host:abc', 'a b']) assert.equal(parseEndpoint(bad), undefined, bad);
  });
});
