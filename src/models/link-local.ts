// No call goes to a link-local address (169.254.0.0/16, fe80::/10) or a cloud metadata address: on a cloud runner
// those answer with the machine's own credentials, and a pull request chooses the agent's URL and the models'
// base URLs. Checked on the URL's host when it is an address, and on every address a host name resolves to, at
// connect time (so DNS that points a harmless-looking name at the metadata service is refused as well). Loopback
// and private addresses stay allowed: agents under test often run on the same machine or network.

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isForbiddenAddress, LINK_LOCAL_RULE } from '../util/forbidden-address.ts';
import { RefusedCallError } from './errors.ts';

export class LinkLocalAddressError extends RefusedCallError {
  constructor(host: string, address: string) {
    const resolved = host === address ? '' : ` (resolves to ${address})`;
    super(`refused to connect to ${host}${resolved}: expected ${LINK_LOCAL_RULE}`);
    this.name = 'LinkLocalAddressError';
  }
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
