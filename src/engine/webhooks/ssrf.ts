import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { fail } from '../../core/errors.js';

/** Addresses a webhook may not reach unless the operator allows private ones (SSRF, docs/security.md). */
const blocked4 = new BlockList();
const blocked6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked4.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked6.addSubnet(net, bits, 'ipv6');

/** Whether an address is private, loopback, link-local, reserved or multicast (IPv4-mapped IPv6 by its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked4.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  // Two lists: a BlockList holding IPv6 rules matches IPv4 addresses as IPv4-mapped ones.
  return family === 4 ? blocked4.check(address, 'ipv4') : blocked6.check(address, 'ipv6');
}

/** A webhook URL as parsed and checked: http(s), no credentials, no fragment. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('WEBHOOK_URL_REFUSED', `${JSON.stringify(raw)} is not a URL`, { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    fail('WEBHOOK_URL_REFUSED', `a webhook URL is http or https, not ${url.protocol}`, { field: 'url' });
  if (url.username !== '' || url.password !== '')
    fail('WEBHOOK_URL_REFUSED', 'a webhook URL carries no credentials (the signature authenticates Standing)', {
      field: 'url',
    });
  if (raw.length > 2000) fail('WEBHOOK_URL_REFUSED', 'a webhook URL is at most 2000 characters', { field: 'url' });
  return url;
}

/**
 * Resolves the URL's host and checks every address it resolves to; returns the addresses to
 * connect to (the delivery connects to one of these, never resolving again: no DNS rebinding).
 */
export async function vetAddresses(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host) !== 0) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (e) {
      fail('WEBHOOK_URL_REFUSED', `${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? 'error'})`, {
        field: 'url',
      });
    }
  }
  if (addresses.length === 0) fail('WEBHOOK_URL_REFUSED', `${host} does not resolve`, { field: 'url' });
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad)
      fail(
        'WEBHOOK_URL_REFUSED',
        `${host} resolves to ${bad.address}, a private or loopback address (STANDING_WEBHOOK_ALLOW_PRIVATE=1 allows it)`,
        { field: 'url' },
      );
  }
  return addresses;
}
