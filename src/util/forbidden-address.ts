// The addresses no call may go to: link-local (169.254.0.0/16, fe80::/10) and cloud metadata addresses. On a cloud
// runner those answer with the machine's own credentials. Pure: seed.yaml's target check and the models' connect-
// time guard (models/link-local.ts) both ask it.

import { isIP } from 'node:net';

/** Metadata services outside the link-local ranges: AWS's IPv6 endpoint and Alibaba Cloud's. */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

export const LINK_LOCAL_RULE =
  'an address outside the link-local ranges 169.254.0.0/16 and fe80::/10 and the cloud metadata addresses';

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
