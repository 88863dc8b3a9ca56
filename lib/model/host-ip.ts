import { Address4, Address6 } from 'ip-address';

/**
 * Host addresses a port can be published on, compared the way the kernel binds:
 * the wildcard of a family (`0.0.0.0`, `::`) takes the port on every address of
 * that family.
 */

/** The address in canonical form, or `undefined` when it is not a literal IPv4/IPv6 address. */
export function canonicalHostIp(ip: string): string | undefined {
  if (Address4.isValid(ip) && !ip.includes('/')) return new Address4(ip).correctForm();
  if (!ip.includes(':') || /[%/]/.test(ip) || !Address6.isValid(ip)) return undefined;
  return new Address6(ip).correctForm();
}

function familyOf(canonical: string): 'ipv4' | 'ipv6' {
  return canonical.includes(':') ? 'ipv6' : 'ipv4';
}

function isWildcard(canonical: string): boolean {
  return canonical === '0.0.0.0' || canonical === '::';
}

/** True when publishing the same port and protocol on both addresses would collide. */
export function hostIpsOverlap(a: string, b: string): boolean {
  const ca = canonicalHostIp(a);
  const cb = canonicalHostIp(b);
  if (ca === undefined || cb === undefined) return false;
  if (ca === cb) return true;
  return familyOf(ca) === familyOf(cb) && (isWildcard(ca) || isWildcard(cb));
}
