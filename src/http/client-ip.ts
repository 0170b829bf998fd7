// Client IP resolution: the socket address, unless it belongs to a trusted proxy named in TRUST_PROXY,
// in which case X-Forwarded-For is walked from the right past trusted hops.
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type CidrList = Cidr[];

function parseOne(entry: string): Cidr {
  const text = entry.trim();
  if (text === '') throw new Error('empty entry');
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const addr = ipaddr.parse(text);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    throw new Error(`"${text}" is not an IP address or CIDR range`);
  }
}

export function parseCidrList(raw: string): CidrList {
  return raw.split(',').map(parseOne);
}

export function parseCidr(raw: string): Cidr {
  return parseOne(raw);
}

export function normaliseIp(ip: string): string {
  try {
    const addr = ipaddr.parse(ip);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      return (addr as ipaddr.IPv6).toIPv4Address().toString();
    }
    return addr.toString();
  } catch {
    return ip;
  }
}

export function ipInList(ip: string, list: CidrList): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(normaliseIp(ip));
  } catch {
    return false;
  }
  return list.some(([range, bits]) => addr.kind() === range.kind() && addr.match(range, bits));
}

/** The client address for a request, believing X-Forwarded-For only from trusted proxies. */
export function resolveClientIp(socketIp: string, forwardedFor: string | undefined, trusted: CidrList | false): string {
  const socket = normaliseIp(socketIp);
  if (!trusted || !forwardedFor || !ipInList(socket, trusted)) return socket;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseIp(hops[i]!);
    if (!ipaddr.isValid(hop)) return socket;
    if (!ipInList(hop, trusted)) return hop;
  }
  return hops.length > 0 ? normaliseIp(hops[0]!) : socket;
}
