// The SSRF guard. Feeds come from the outside world and a hostile one can point
// an item at the operator's own network, so only public addresses are fetched
// unless the operator lists a host, IP or range in fetch.allowPrivate. The check
// runs inside the socket's DNS lookup, on the very addresses the socket will
// connect to, so a name that resolves differently a second time (DNS rebinding)
// gains nothing.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { BlockedAddressError } from './errors.js';

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

// Anycast service ranges ipaddr.js names separately but which are public.
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'as112v6', 'amt']);

const LABELS: Record<string, string> = {
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local (private)',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  carrierGradeNat: 'carrier-grade NAT (private)',
  deprecatedSiteLocal: 'site-local (private)',
};

export interface AddressPolicy {
  /** The host name itself is on the allow-list: any address it resolves to is fine. */
  allowsHost(hostname: string): boolean;
  /** Why the address may not be fetched, or null when it may. */
  blockedReason(ip: string): string | null;
}

export function createAddressPolicy(allowPrivate: readonly string[]): AddressPolicy {
  const hosts = new Set<string>();
  const ranges: [Addr, number][] = [];
  for (const raw of allowPrivate) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    if (ipaddr.isValidCIDR(entry)) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const addr = unmap(ipaddr.parse(entry));
      ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry.replace(/\.$/, ''));
  }
  const allowedByRange = (addr: Addr) => ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));

  const blockedReason = (ip: string): string | null => {
    let addr: Addr;
    try {
      addr = unmap(ipaddr.parse(ip.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '')));
    } catch {
      return `${ip} is not an IP address`;
    }
    if (allowedByRange(addr)) return null;
    const range = addr.range();
    if (PUBLIC_RANGES.has(range)) return null;
    // NAT64 and 6to4 addresses carry an IPv4 address inside: judge that one.
    const embedded = embeddedIPv4(addr, range);
    if (embedded) return blockedReason(embedded.toString());
    return `${ip} is a ${LABELS[range] ?? `non-public (${range})`} address`;
  };

  return {
    allowsHost: (hostname) => hosts.has(hostname.toLowerCase().replace(/\.$/, '')),
    blockedReason,
  };
}

function unmap(addr: Addr): Addr {
  return addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? (addr as ipaddr.IPv6).toIPv4Address() : addr;
}

function embeddedIPv4(addr: Addr, range: string): ipaddr.IPv4 | null {
  if (addr.kind() !== 'ipv6') return null;
  const bytes = addr.toByteArray();
  if (range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A drop-in for dns.lookup, given to the socket: it resolves as usual, then keeps
 * only the addresses the policy allows, and fails the connection when none is left.
 */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      let usable = addresses;
      if (!policy.allowsHost(hostname)) {
        usable = addresses.filter((a) => policy.blockedReason(a.address) === null);
        if (usable.length === 0) {
          const reason = addresses.length ? policy.blockedReason(addresses[0].address)! : 'no address';
          return callback(new BlockedAddressError(hostname, `${reason} (the address of ${hostname})`) as NodeJS.ErrnoException, []);
        }
      }
      if (options.all) callback(null, usable);
      else callback(null, usable[0].address, usable[0].family);
    });
  };
}

/**
 * What is wrong with an allow-list entry (fetch.allowPrivate,
 * delivery.allowPrivate), or null when it is an IP, a CIDR range or a host name.
 */
export function allowEntryProblem(raw: string): string | null {
  const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValidCIDR(entry)) return null;
  if (entry.includes('/')) return `${JSON.stringify(raw)} is not a CIDR range (an address, then / and a prefix length it can have)`;
  if (ipaddr.IPv6.isValid(entry) || ipaddr.IPv4.isValidFourPartDecimal(entry)) return null;
  const name = entry.replace(/\.$/, '');
  const label = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
  const labels = name.split('.');
  if (name.length === 0 || name.length > 253 || !labels.every((l) => label.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    return `${JSON.stringify(raw)} is neither an IP address, a CIDR range nor a host name`;
  }
  return null;
}

/**
 * Why a URL whose host is a literal IP may not be reached, or null. A literal
 * IP never goes through DNS, so the connect-time lookup would not see it.
 */
export function literalBlockedReason(policy: AddressPolicy, url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(host) || policy.allowsHost(host)) return null;
  return policy.blockedReason(host);
}
