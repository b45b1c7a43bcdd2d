import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../errors.js';

/**
 * Which addresses a shared server may fetch a calendar from. On a leader's own laptop a CalDAV
 * server on 127.0.0.1 or the office network is theirs to read; on an organisation's server the
 * same URL would let any member make the server read its own admin ports, the cloud's metadata
 * service (169.254.169.254) or the private network behind it. So in team mode only public
 * unicast addresses are allowed, checked after the name is resolved (a public name can point at a
 * private address), for every address it resolves to.
 */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');
}

/** An IPv4 address written inside IPv6 (`::ffff:127.0.0.1`, `::127.0.0.1`, `64:ff9b::7f00:1`). */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1]!, 16);
  const lo = Number.parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for an address a shared server may connect to: public unicast, IPv4 or IPv6. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return isPublicAddress(v4);
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return !NOT_PUBLIC.check(address, 'ipv4');
}

export type Lookup = (host: string) => Promise<readonly { address: string }[]>;

const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Refuses, with one sentence naming the host, a URL whose host is or resolves to an address that
 * is not public. Names that do not resolve are left to the request itself, which says so.
 */
export async function checkPublicUrl(url: URL, lookup: Lookup = systemLookup): Promise<void> {
  // URL keeps an IPv6 host in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const refuse = (address: string) =>
    new AppError(
      'invalid',
      `url: ${host}${address === host ? '' : ` (${address})`} is not a public address; a shared server reads calendars only from the internet, not from itself or a private network.`,
      { field: 'url' },
    );
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) throw refuse(host);
    return;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) throw refuse(host);
  let addresses: readonly { address: string }[];
  try {
    addresses = await lookup(host);
  } catch {
    return;
  }
  for (const { address } of addresses) if (!isPublicAddress(address)) throw refuse(address);
}
