import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { checkPublicUrl, isPublicAddress, type Lookup } from './outbound.js';

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

async function refusal(url: string, lookup: Lookup): Promise<AppError | undefined> {
  try {
    await checkPublicUrl(new URL(url), lookup);
    return undefined;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
}

describe('checkPublicUrl', () => {
  const never: Lookup = async () => {
    throw new Error('looked up');
  };

  it('refuses loopback and metadata addresses written in the URL, naming them', async () => {
    for (const url of [
      'http://127.0.0.1:5232/dana/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/cal',
      'http://localhost:5232/',
      'http://calendar.localhost/',
    ]) {
      const e = await refusal(url, never);
      expect(e?.code, url).toBe('invalid');
      expect(e?.field).toBe('url');
      expect(e?.message).toContain('is not a public address');
    }
  });

  it('refuses a public-looking name that resolves to a private address, whichever address it is', async () => {
    const e = await refusal('https://cal.example.com/dav', resolvesTo('93.184.215.14', '10.0.0.7'));
    expect(e?.message).toBe(
      'url: cal.example.com (10.0.0.7) is not a public address; a shared server reads calendars only from the internet, not from itself or a private network.',
    );
  });

  it('allows a name that resolves to public addresses only', async () => {
    await expect(
      refusal(
        'https://cal.example.com/dav',
        resolvesTo('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'),
      ),
    ).resolves.toBeUndefined();
  });

  it('leaves a name that does not resolve to the request, which says so', async () => {
    await expect(refusal('https://nowhere.invalid/', never)).resolves.toBeUndefined();
  });
});
