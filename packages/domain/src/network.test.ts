import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPublicAddress, parseIPv4, parseIPv6 } from './network.js';

describe('webhook target addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::10.0.0.1',
    '2002:c0a8:0101::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf:ffff::1',
    'ff02::1',
  ])('refuses the internal address %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    'localhost',
    'example.com',
    '127.1',
    '0x7f.0.0.1',
    '017.0.0.1',
    '256.1.1.1',
    '1.2.3',
    '1::2::3',
    '12345::1',
    '',
  ])('refuses %j, which is not a plain IP address', (text) => {
    expect(isPublicAddress(text)).toBe(false);
  });

  it('reads every dotted IPv4 address back to its own value', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        const value = parseIPv4(address);
        expect(value).not.toBeNull();
        const text = [24, 16, 8, 0].map((s) => Math.floor((value as number) / 2 ** s) % 256);
        expect(text.join('.')).toBe(address);
      }),
    );
  });

  it('parses every IPv6 form fast-check writes into eight groups', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const groups = parseIPv6(address);
        expect(groups).toHaveLength(8);
      }),
    );
  });

  it('judges an IPv4 address and its IPv4-mapped IPv6 form alike', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(isPublicAddress(`::ffff:${address}`)).toBe(isPublicAddress(address));
      }),
    );
  });
});
