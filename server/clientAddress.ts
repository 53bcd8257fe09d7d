import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { Request } from 'restify';

/**
 * The address of the client that made the request. Behind `trustedProxyHops` reverse proxies (a load
 * balancer, App Service's front end) it is read from X-Forwarded-For, trusting exactly that many hops from
 * the right; with 0 (the default) the header is ignored, so a client cannot name any address it likes.
 */
export function clientAddress(req: Request, trustedProxyHops: number): string {
  return proxyaddr(req, (_address, hop) => hop < trustedProxyHops);
}

/** Parsing an address costs more than the rest of the limit check; the same few addresses come again and again. */
const limitKeys = new Map<string, string>();
const MAX_KEPT_KEYS = 10_000;

/**
 * The key that limits are counted under: an IPv4 address, or the /64 network of an IPv6 address (one
 * customer line gets a whole /64, so counting single IPv6 addresses would let one caller rotate through
 * millions of them). IPv4 written as IPv6 (::ffff:1.2.3.4) counts as the IPv4 address.
 */
export function limitKey(address: string): string {
  let key = limitKeys.get(address);
  if (key === undefined) {
    if (limitKeys.size >= MAX_KEPT_KEYS) limitKeys.clear();
    key = limitKeyOf(address);
    limitKeys.set(address, key);
  }
  return key;
}

function limitKeyOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
