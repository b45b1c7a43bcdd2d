import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import {
  checkedLookup,
  isPublicAddress,
  type Lookup,
  type Policy,
  PUBLIC_ONLY,
  publicAddresses,
  publicOnlyFetch,
  refusalIn,
} from './outbound.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

const resolvesTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address }));

const never: Lookup = async () => {
  throw new Error('looked up');
};

/** The refusal of a URL's host, as the guard gives it before connecting; undefined when allowed. */
async function refusal(url: string, lookup: Lookup = never): Promise<AppError | undefined> {
  try {
    await publicAddresses(new URL(url).hostname, { ...PUBLIC_ONLY, lookup });
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

const OWN = 'this server does not fetch from its own network.';

describe('publicAddresses', () => {
  it.each([
    ['http://127.0.0.1:5232/dana/', `127.0.0.1 is a loopback address; ${OWN}`],
    ['http://[::1]/cal', `::1 is a loopback address; ${OWN}`],
    [
      'http://169.254.169.254/latest/meta-data/',
      `169.254.169.254 is a link-local address, where cloud metadata services answer; ${OWN}`,
    ],
    ['http://[fe80::1]/', `fe80::1 is a link-local address, where cloud metadata services answer; ${OWN}`],
    ['http://10.0.0.7/', `10.0.0.7 is a private-network address; ${OWN}`],
    ['http://172.20.1.1/', `172.20.1.1 is a private-network address; ${OWN}`],
    ['http://192.168.1.10/', `192.168.1.10 is a private-network address; ${OWN}`],
    ['http://[fd12::1]/', `fd12::1 is a private-network address; ${OWN}`],
    [
      'http://100.100.100.200/',
      `100.100.100.200 is a carrier-grade NAT address, private to a provider's network; ${OWN}`,
    ],
    ['http://0.0.0.0/', `0.0.0.0 is the unspecified address, which means this machine; ${OWN}`],
    ['http://[::]/', `:: is the unspecified address, which means this machine; ${OWN}`],
    [
      'http://239.1.2.3/',
      '239.1.2.3 is a multicast address; this server fetches only from public addresses on the internet.',
    ],
    [
      'http://[ff02::1]/',
      'ff02::1 is a multicast address; this server fetches only from public addresses on the internet.',
    ],
    // WHATWG URL turns the mapped form into hex; the embedded address is what is checked.
    ['http://[::ffff:127.0.0.1]/', `::ffff:7f00:1 is a loopback address; ${OWN}`],
    [
      'http://[::ffff:169.254.169.254]/',
      `::ffff:a9fe:a9fe is a link-local address, where cloud metadata services answer; ${OWN}`,
    ],
    ['http://localhost:5232/', `localhost names this machine; ${OWN}`],
    ['http://LOCALHOST./', `localhost names this machine; ${OWN}`],
    ['http://calendar.localhost/', `calendar.localhost names this machine; ${OWN}`],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      `metadata.google.internal is a cloud metadata service; ${OWN}`,
    ],
    ['http://metadata.google.internal./', `metadata.google.internal is a cloud metadata service; ${OWN}`],
    ['http://metadata/', `metadata is a cloud metadata service; ${OWN}`],
    ['http://instance-data.ec2.internal/', `instance-data.ec2.internal is a cloud metadata service; ${OWN}`],
    ['http://radicale.corp.internal/', `radicale.corp.internal is a private name (.internal); ${OWN}`],
  ])('refuses %s without looking it up, naming the address and why', async (url, sentence) => {
    const e = await refusal(url);
    expect(e?.code).toBe('invalid');
    expect(e?.field).toBe('url');
    expect(e?.message).toBe(sentence);
  });

  // WHATWG URL parsing (what `new URL`, fetch and undici use) normalises every spelling of an IPv4
  // address to dotted decimal, so the check sees 127.0.0.1 however the URL wrote it.
  it.each([
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://127.0.0.1./',
  ])('reads %s as 127.0.0.1 and refuses it', async (url) => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect((await refusal(url))?.message).toBe(`127.0.0.1 is a loopback address; ${OWN}`);
  });

  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['169.254.169.254', 'a link-local address, where cloud metadata services answer'],
    ['10.0.0.7', 'a private-network address'],
    ['100.64.1.1', "a carrier-grade NAT address, private to a provider's network"],
    ['::ffff:169.254.169.254', 'a link-local address, where cloud metadata services answer'],
    ['fe80::1ff:fe23:4567:890a', 'a link-local address, where cloud metadata services answer'],
  ])('refuses a name that resolves to %s', async (address, what) => {
    const e = await refusal('https://cal.example.com/dav', resolvesTo('93.184.215.14', address));
    expect(e?.message).toBe(`cal.example.com resolves to ${address}, ${what}; ${OWN}`);
    expect(e?.field).toBe('url');
  });

  it('allows a name that resolves to public addresses only, and gives them with their family', async () => {
    await expect(
      publicAddresses('cal.example.com', {
        ...PUBLIC_ONLY,
        lookup: resolvesTo('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'),
      }),
    ).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    await expect(
      publicAddresses('[2606:4700:4700::1111]', { ...PUBLIC_ONLY, lookup: never }),
    ).resolves.toEqual([{ address: '2606:4700:4700::1111', family: 6 }]);
  });

  it('passes on the failure of a name that does not resolve, for the request to report', async () => {
    await expect(publicAddresses('nowhere.invalid', { ...PUBLIC_ONLY, lookup: never })).rejects.toThrow(
      'looked up',
    );
  });
});

describe('checkedLookup', () => {
  const lookupOnce = (policy: Policy, host: string, options: { all?: boolean; family?: number }) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) => {
      checkedLookup(policy)(host, options, ((error: Error | null, ...result: unknown[]) =>
        resolve({ error, result })) as never);
    });

  it('hands the socket exactly the addresses it checked, once resolved', async () => {
    let lookups = 0;
    const policy = {
      ...PUBLIC_ONLY,
      lookup: async () => {
        lookups++;
        return [{ address: '93.184.215.14' }, { address: '2606:2800:21f::1' }];
      },
    };
    expect(await lookupOnce(policy, 'cal.example.com', { all: true })).toEqual({
      error: null,
      result: [
        [
          { address: '93.184.215.14', family: 4 },
          { address: '2606:2800:21f::1', family: 6 },
        ],
      ],
    });
    expect(await lookupOnce(policy, 'cal.example.com', { family: 6 })).toEqual({
      error: null,
      result: ['2606:2800:21f::1', 6],
    });
    expect(lookups).toBe(2);
  });

  it('gives the socket the refusal instead of an address', async () => {
    const { error } = await lookupOnce(
      { ...PUBLIC_ONLY, lookup: resolvesTo('169.254.169.254') },
      'evil.example',
      {
        all: true,
      },
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error?.message).toBe(
      `evil.example resolves to 169.254.169.254, a link-local address, where cloud metadata services answer; ${OWN}`,
    );
  });
});

/**
 * Real sockets: local HTTP servers on 127.0.0.1, and the guard's fetch in front of them. Where a
 * test needs a server the guard lets through, its policy stands 127.0.0.1 in for a public address
 * (nothing on this machine is public); 127.0.0.2 and everything else stay refused.
 */
describe('publicOnlyFetch', () => {
  const servers: Server[] = [];
  const hits: string[] = [];
  let target: string;
  let redirector: string;

  async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    const server = createServer((req, res) => {
      hits.push(`${req.headers.host}${req.url}`);
      handle(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    target = await serve((_req, res) => res.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'));
    redirector = await serve((req, res) => {
      res.writeHead(302, { location: decodeURIComponent(req.url!.slice('/to/'.length)) });
      res.end();
    });
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  const port = (hostPort: string) => hostPort.split(':')[1]!;
  const localAsPublic = (lookup: Lookup = never): Policy => ({
    lookup,
    allows: (address) => address === '127.0.0.1',
  });

  async function refused(fetcher: typeof fetch, url: string): Promise<string> {
    const before = hits.length;
    const e = await fetcher(url).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(hits.length, `${url} reached a server`).toBe(before);
    const refusal = refusalIn(e);
    expect(refusal, String(e)).toBeInstanceOf(AppError);
    return refusal!.message;
  }

  it('refuses a loopback server however the URL spells it, before connecting', async () => {
    const guarded = publicOnlyFetch({ ...PUBLIC_ONLY, lookup: resolvesTo('127.0.0.1') });
    const p = port(target);
    for (const url of [
      `http://${target}/cal.ics`,
      `http://2130706433:${p}/cal.ics`,
      `http://0x7f.1:${p}/cal.ics`,
      `http://[::ffff:127.0.0.1]:${p}/cal.ics`,
    ]) {
      expect(await refused(guarded, url)).toMatch(/is a loopback address; this server does not fetch/);
    }
    expect(await refused(guarded, `http://cal.example.com:${p}/cal.ics`)).toBe(
      `cal.example.com resolves to 127.0.0.1, a loopback address; ${OWN}`,
    );
  });

  it('connects to the address it checked, and resolves once: a name that changes its answer cannot slip past', async () => {
    let lookups = 0;
    // A rebinding name: the first answer passes the check, every later one points elsewhere.
    const rebinding: Lookup = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '127.0.0.2' }];
    const guarded = publicOnlyFetch(localAsPublic(rebinding));
    const res = await guarded(`http://rebind.example:${port(target)}/cal.ics`);
    expect(await res.text()).toContain('BEGIN:VCALENDAR');
    expect(lookups).toBe(1);
    expect(hits.at(-1)).toBe(`rebind.example:${port(target)}/cal.ics`);
  });

  it('checks every redirect hop as it connects', async () => {
    const guarded = publicOnlyFetch(localAsPublic(resolvesTo('127.0.0.2')));
    const p = port(target);
    const via = (to: string) => `http://${redirector}/to/${encodeURIComponent(to)}`;

    // Allowed to allowed: followed.
    const ok = await guarded(via(`http://${target}/cal.ics`));
    expect(await ok.text()).toContain('BEGIN:VCALENDAR');

    for (const [to, sentence] of [
      [`http://127.0.0.2:${p}/`, `127.0.0.2 is a loopback address; ${OWN}`],
      [
        'http://169.254.169.254/latest/meta-data/',
        `169.254.169.254 is a link-local address, where cloud metadata services answer; ${OWN}`,
      ],
      [`http://inside.example:${p}/`, `inside.example resolves to 127.0.0.2, a loopback address; ${OWN}`],
      [`http://localhost:${p}/`, `localhost names this machine; ${OWN}`],
    ] as const) {
      const before = hits.length;
      const e = await guarded(via(to)).then(
        () => undefined,
        (err: unknown) => err,
      );
      // The redirector answered; nothing behind it did.
      expect(hits.length).toBe(before + 1);
      expect(refusalIn(e)?.message).toBe(sentence);
    }
  });
});
