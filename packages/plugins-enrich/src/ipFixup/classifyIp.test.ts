import { describe, expect, it } from 'vitest';
import { classifyIp } from './classifyIp';

// Expected classes from the IANA IPv4 and IPv6 Special-Purpose Address Registries
// (iana.org/assignments/iana-ipv4-special-registry, iana-ipv6-special-registry).
describe('classifyIp', () => {
  it.each([
    ['10.1.2.3', 'private'], ['172.31.255.255', 'private'], ['192.168.0.1', 'private'], ['100.64.0.1', 'private'],
    ['172.32.0.1', 'public'], ['8.8.8.8', 'public'], ['192.52.193.1', 'public'],
    ['127.0.0.1', 'loopback'], ['169.254.10.20', 'link-local'], ['224.0.0.251', 'multicast'], ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'reserved'], ['192.0.2.1', 'reserved'], ['198.51.100.7', 'reserved'], ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'], ['::', 'reserved'], ['fe80::1', 'link-local'], ['fd12:3456::1', 'private'], ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'], ['3fff::1', 'reserved'], ['2606:4700:4700::1111', 'public'], ['2a00:1450:4001::1', 'public'],
    ['::ffff:10.0.0.1', 'private'], ['::ffff:8.8.4.4', 'public'], ['100::1', 'reserved'], ['4000::1', 'reserved'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyIp(ip)).toBe(expected);
  });

  it('returns undefined for anything that is not an address', () => {
    for (const bad of ['', 'localhost', '1.2.3', '256.1.1.1', '1.2.3.4.5', '::g', '<randomipaddress>', 'x'.repeat(500)]) {
      expect(classifyIp(bad)).toBeUndefined();
    }
  });
});
