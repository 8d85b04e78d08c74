// No call goes to a link-local address (169.254.0.0/16, fe80::/10) or a cloud metadata address: on a cloud runner
// those answer with the machine's own credentials, and a pull request chooses the agent's URL and the models'
// base URLs. Checked on the URL's host when it is an address, and on every address a host name resolves to, at
// connect time (so DNS that points a harmless-looking name at the metadata service is refused as well). Loopback
// and private addresses stay allowed: agents under test often run on the same machine or network.

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { RefusedCallError } from './errors.ts';

/** Metadata services outside the link-local ranges: AWS's IPv6 endpoint and Alibaba Cloud's. */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

export const LINK_LOCAL_RULE =
  'an address outside the link-local ranges 169.254.0.0/16 and fe80::/10 and the cloud metadata addresses';

export class LinkLocalAddressError extends RefusedCallError {
  constructor(host: string, address: string) {
    const resolved = host === address ? '' : ` (resolves to ${address})`;
    super(`refused to connect to ${host}${resolved}: expected ${LINK_LOCAL_RULE}`);
    this.name = 'LinkLocalAddressError';
  }
}

/** Whether `address` (an IP address, brackets allowed) is link-local or a metadata address. */
export function isForbiddenAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const family = isIP(ip);
  if (family === 4) return ip.startsWith('169.254.') || METADATA_ADDRESSES.has(ip);
  if (family !== 6) return false;
  if (METADATA_ADDRESSES.has(ip)) return true;
  // IPv4-mapped (::ffff:169.254.169.254, or its hex form ::ffff:a9fe:a9fe).
  const mapped = /^::ffff:(.+)$/.exec(ip)?.[1];
  if (mapped) return isForbiddenAddress(mapped.includes('.') ? mapped : hexToIpv4(mapped));
  return /^fe[89ab][0-9a-f]:/.test(ip);
}

function hexToIpv4(hex: string): string {
  const [high = '0', low = '0'] = hex.split(':');
  const value = (Number.parseInt(high, 16) << 16) | Number.parseInt(low, 16);
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/** Throws when the URL's host is itself a forbidden address. */
export function assertAllowedHost(url: URL): void {
  if (isForbiddenAddress(url.hostname)) throw new LinkLocalAddressError(url.hostname, url.hostname);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

type Lookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A socket's lookup that refuses a name when any address it resolves to is forbidden. */
export function guardLookup(lookup: Lookup = dnsLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
      if (forbidden) {
        callback(new LinkLocalAddressError(hostname, forbidden.address), []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
    });
  };
}

export const guardedLookup = guardLookup();
