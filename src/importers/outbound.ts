import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../errors.js';

/**
 * Which addresses a server may fetch a calendar from. On a leader's own laptop a CalDAV server on
 * 127.0.0.1 or the office network is theirs to read (`any`); on an organisation's server the same
 * URL would let any member make the server read its own admin ports, the cloud's metadata service
 * (169.254.169.254) or the private network behind it, so there only public unicast addresses are
 * allowed (`public-only`), checked after the name is resolved (a public name can point at a private
 * address), for every address it resolves to, and on every connection — redirects included.
 */
export type Outbound = 'any' | 'public-only';

type AddressKind =
  | 'loopback'
  | 'link-local'
  | 'private'
  | 'shared'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

const OWN_NETWORK = 'this server does not fetch from its own network';
const NOT_INTERNET = 'this server fetches only from public addresses on the internet';

/** What each kind of address is, as a person reads it, and why it is refused. */
const WHY: Record<AddressKind, string> = {
  loopback: `a loopback address; ${OWN_NETWORK}`,
  'link-local': `a link-local address, where cloud metadata services answer; ${OWN_NETWORK}`,
  private: `a private-network address; ${OWN_NETWORK}`,
  shared: `a carrier-grade NAT address, private to a provider's network; ${OWN_NETWORK}`,
  unspecified: `the unspecified address, which means this machine; ${OWN_NETWORK}`,
  multicast: `a multicast address; ${NOT_INTERNET}`,
  reserved: `a reserved address, not on the internet; ${NOT_INTERNET}`,
};

const RANGES: readonly [AddressKind, 'ipv4' | 'ipv6', string, number][] = [
  ['unspecified', 'ipv4', '0.0.0.0', 8], // "this network"
  ['private', 'ipv4', '10.0.0.0', 8],
  ['shared', 'ipv4', '100.64.0.0', 10],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link-local', 'ipv4', '169.254.0.0', 16],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['reserved', 'ipv4', '192.0.0.0', 24], // IETF protocol assignments
  ['reserved', 'ipv4', '192.0.2.0', 24], // documentation
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '198.18.0.0', 15], // benchmarking
  ['reserved', 'ipv4', '198.51.100.0', 24], // documentation
  ['reserved', 'ipv4', '203.0.113.0', 24], // documentation
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['reserved', 'ipv4', '240.0.0.0', 4], // reserved, broadcast
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['reserved', 'ipv6', '64:ff9b:1::', 48], // local-use NAT64
  ['reserved', 'ipv6', '100::', 64], // discard
  ['reserved', 'ipv6', '2001:db8::', 32], // documentation
  ['private', 'ipv6', 'fc00::', 7], // unique local
  ['link-local', 'ipv6', 'fe80::', 10],
  ['private', 'ipv6', 'fec0::', 10], // old site-local
  ['multicast', 'ipv6', 'ff00::', 8],
];

const BLOCKS = new Map<AddressKind, BlockList>();
for (const [kind, family, net, bits] of RANGES) {
  const list = BLOCKS.get(kind) ?? new BlockList();
  list.addSubnet(net, bits, family);
  BLOCKS.set(kind, list);
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

/** Why an IP address is not public, or undefined for a public unicast one. */
function addressKind(address: string): AddressKind | undefined {
  const family = isIP(address);
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return addressKind(v4);
  }
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of BLOCKS) if (list.check(address, type)) return kind;
  return undefined;
}

/** True for an address a shared server may connect to: public unicast, IPv4 or IPv6. */
export function isPublicAddress(address: string): boolean {
  return isIP(address) !== 0 && addressKind(address) === undefined;
}

/**
 * Names refused before they are looked up: they mean this machine or a cloud's metadata service
 * wherever the server runs, even where the name does not resolve today.
 */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function nameRefusal(name: string): string | undefined {
  if (name === 'localhost' || name.endsWith('.localhost')) return `names this machine; ${OWN_NETWORK}`;
  if (METADATA_NAMES.has(name)) return `is a cloud metadata service; ${OWN_NETWORK}`;
  // ICANN keeps .internal for private networks: it never names anything on the internet.
  if (name.endsWith('.internal')) return `is a private name (.internal); ${OWN_NETWORK}`;
  return undefined;
}

function refusal(host: string, sentence: string): AppError {
  return new AppError('invalid', `${host} ${sentence}.`, { field: 'url' });
}

/** A URL's or a socket's host as compared here: no IPv6 brackets, no trailing dot, lower case. */
function bare(host: string): string {
  return host
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

export type Lookup = (host: string) => Promise<readonly { address: string }[]>;

/**
 * How a guard resolves names and which addresses it lets through. Only tests change it: they stand
 * a loopback address in for a public one to watch redirects and lookups on real sockets.
 */
export interface Policy {
  lookup: Lookup;
  allows(address: string): boolean;
}

export const PUBLIC_ONLY: Policy = {
  lookup: (host) => dnsLookup(host, { all: true, verbatim: true }),
  allows: isPublicAddress,
};

function addressRefusal(host: string, address: string, policy: Policy): AppError | undefined {
  if (policy.allows(address)) return undefined;
  const kind = addressKind(address);
  const why = kind === undefined ? 'not an address this server may fetch from' : WHY[kind];
  return refusal(host, host === address ? `is ${why}` : `resolves to ${address}, ${why}`);
}

/**
 * The addresses to connect to for a host, every one of them allowed; else the refusal, naming the
 * host, the address and why. A name that does not resolve fails with the lookup's own error, which
 * the request then reports as an unknown host.
 */
export async function publicAddresses(host: string, policy: Policy = PUBLIC_ONLY): Promise<LookupAddress[]> {
  const name = bare(host);
  if (isIP(name) !== 0) {
    const refused = addressRefusal(name, name, policy);
    if (refused) throw refused;
    return [{ address: name, family: isIP(name) }];
  }
  const why = nameRefusal(name);
  if (why !== undefined) throw refusal(name, why);
  const found = await policy.lookup(name);
  const addresses = found.map(({ address }) => ({ address, family: isIP(address) }));
  for (const { address } of addresses) {
    const refused = addressRefusal(name, address, policy);
    if (refused) throw refused;
  }
  return addresses;
}

/**
 * A `lookup` for `net.connect` and `tls.connect` that resolves once, checks, and hands the socket
 * exactly the addresses it checked: the connection goes where the check looked, so a name that
 * answers differently a moment later (DNS rebinding) cannot slip past.
 */
export function checkedLookup(policy: Policy = PUBLIC_ONLY): LookupFunction {
  return (hostname, options, callback) => {
    publicAddresses(hostname, policy).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter((a) => wanted === 0 || a.family === wanted);
        const first = usable[0];
        if (first === undefined) {
          const e = Object.assign(
            new Error(`${hostname} has no ${wanted === 0 ? '' : `IPv${wanted} `}address`),
            {
              code: 'ENOTFOUND',
            },
          );
          callback(e, '', 0);
        } else if (options.all) {
          // Node's own type has only the single-address form of the callback.
          (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, usable);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (e: NodeJS.ErrnoException) => callback(e, '', 0),
    );
  };
}

/** undici is CommonJS: its default export is the whole module under Node and in the esbuild bundle alike. */
const undici = async () => (await import('undici')).default;

/**
 * A `fetch` that connects only to public addresses. Every connection — the first, one to another
 * host a calendar listing names, and each redirect hop — passes the same check: an address in the
 * URL is checked before connecting, a name inside the socket's lookup (`checkedLookup`). A refusal
 * is the `cause` of fetch's TypeError (see `refusalIn`). undici is loaded on first use, so the local
 * CLI never pays for it.
 */
export function publicOnlyFetch(policy: Policy = PUBLIC_ONLY): typeof fetch {
  let dispatcher: Promise<import('undici').Agent> | undefined;
  const agent = async () => {
    const { Agent, buildConnector } = await undici();
    const connect = buildConnector({ lookup: checkedLookup(policy) });
    return new Agent({
      connect(options, callback) {
        // A name is checked by the lookup; an address skips any lookup, so it is checked here.
        const host = bare(options.hostname);
        const refused = isIP(host) === 0 ? undefined : addressRefusal(host, host, policy);
        if (refused) callback(refused, null);
        else connect(options, callback);
      },
    });
  };
  return (async (input: string | URL | Request, init?: RequestInit) => {
    dispatcher ??= agent();
    const { fetch: undiciFetch } = await undici();
    // undici's fetch is the platform's, newer: the same Request, Response and Headers shapes.
    return undiciFetch(input as string, { ...(init as object), dispatcher: await dispatcher });
  }) as unknown as typeof fetch;
}

/** The one `publicOnlyFetch` a server uses: one connection pool, made on first use. */
export const publicFetch = publicOnlyFetch();

/** The refusal inside a failed fetch (fetch wraps what the socket said in `cause`), if that is what it was. */
export function refusalIn(e: unknown): AppError | undefined {
  let next: unknown = e;
  for (let depth = 0; depth < 10 && next instanceof Error; depth++) {
    if (next instanceof AppError) return next;
    next = next.cause;
  }
  return undefined;
}
