// The SSRF guard's verdicts on addresses: what counts as the operator's own
// network, in both IP versions and in the forms that hide one inside the other.
import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../src/fetcher/index.js';

describe('address policy', () => {
  const strict = createAddressPolicy([]);

  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /private/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    // NAT64 and 6to4 wrappings of private IPv4 addresses.
    ['64:ff9b::a00:1', /private/],
    ['2002:7f00:1::', /loopback/],
  ])('blocks %s', (ip, reason) => {
    expect(strict.blockedReason(ip)).toMatch(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('lets public %s through', (ip) => {
    expect(strict.blockedReason(ip)).toBeNull();
  });

  it('opens exactly what the allow-list names', () => {
    const policy = createAddressPolicy(['10.0.0.0/8', '192.168.1.5', 'Intranet.Example', 'fd00::/8']);
    expect(policy.blockedReason('10.200.3.4')).toBeNull();
    expect(policy.blockedReason('::ffff:10.200.3.4')).toBeNull();
    expect(policy.blockedReason('192.168.1.5')).toBeNull();
    expect(policy.blockedReason('192.168.1.6')).toMatch(/private/);
    expect(policy.blockedReason('fd00::7')).toBeNull();
    expect(policy.blockedReason('127.0.0.1')).toMatch(/loopback/);
    expect(policy.allowsHost('intranet.example')).toBe(true);
    expect(policy.allowsHost('intranet.example.')).toBe(true);
    expect(policy.allowsHost('other.example')).toBe(false);
  });
});
