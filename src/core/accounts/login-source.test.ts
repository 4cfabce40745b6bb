import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginSource } from './login-source.js';
import { VerificationGate } from './verification-gate.js';

describe('loginSource: what a failed login is counted against', () => {
  it('an IPv4 address as it is, an IPv4-mapped IPv6 address as its IPv4 address', () => {
    assert.equal(loginSource('192.0.2.1'), '192.0.2.1');
    assert.equal(loginSource('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(loginSource('::FFFF:192.0.2.1'), '192.0.2.1');
  });
  it('an IPv6 address by its /64, however it is written', () => {
    for (const address of ['2001:db8:1:2:3:4:5:6', '2001:0db8:0001:0002::1', '2001:DB8:1:2::', '2001:db8:1:2:ffff::1%eth0']) {
      assert.equal(loginSource(address), '2001:db8:1:2::/64', address);
    }
    assert.equal(loginSource('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(loginSource('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
    assert.notEqual(loginSource('2001:db8:1:3::1'), loginSource('2001:db8:1:2::1'));
  });
});

describe('VerificationGate', () => {
  it('admits up to its limit, then none until one leaves; leaving twice frees one slot', () => {
    const gate = new VerificationGate(2);
    const a = gate.tryEnter();
    const b = gate.tryEnter();
    assert.ok(a && b);
    assert.equal(gate.tryEnter(), undefined);
    a();
    a();
    const c = gate.tryEnter();
    assert.ok(c);
    assert.equal(gate.tryEnter(), undefined, 'a second leave by the same holder frees nothing more');
  });
});
