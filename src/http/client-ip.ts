// Client IP resolution: the socket address, unless it belongs to a trusted proxy named in TRUST_PROXY,
// in which case X-Forwarded-For is walked from the right past trusted hops.
// Addresses are parsed strictly: IPv4 only in dotted four-part decimal form (ipaddr.js would also accept
// "10" or "0x0a.1" and read them as other addresses), IPv6 in any standard form.
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type CidrList = Cidr[];

/** The address, or undefined when `text` is not a strictly formed IPv4 or IPv6 address. */
function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return undefined;
}

function parseOne(entry: string): Cidr {
  const text = entry.trim();
  if (text === '') throw new Error('the list has an empty entry');
  const slash = text.indexOf('/');
  const addrText = slash === -1 ? text : text.slice(0, slash);
  const bitsText = slash === -1 ? undefined : text.slice(slash + 1);
  const addr = parseIp(addrText);
  const max = addr?.kind() === 'ipv4' ? 32 : 128;
  if (!addr || (bitsText !== undefined && (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max))) {
    throw new Error(`"${text}" is not an IP address or CIDR range`);
  }
  // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is stored as its IPv4 range, like the addresses it matches.
  let bits = bitsText === undefined ? max : Number(bitsText);
  if (addr.kind() === 'ipv4' && addrText.includes(':')) {
    if (bits < 96) throw new Error(`"${text}" is not an IP address or CIDR range`);
    bits -= 96;
  }
  return [addr, bits];
}

export function parseCidrList(raw: string): CidrList {
  return raw.split(',').map(parseOne);
}

export function parseCidr(raw: string): Cidr {
  return parseOne(raw);
}

/** The canonical text of an address (IPv4-mapped IPv6 becomes IPv4); anything else is returned unchanged. */
export function normaliseIp(ip: string): string {
  return parseIp(ip)?.toString() ?? ip;
}

export function ipInList(ip: string, list: CidrList): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  return list.some(([range, bits]) => addr.kind() === range.kind() && addr.match(range, bits));
}

/**
 * The client address for a request. X-Forwarded-For is believed only when the socket peer is a trusted
 * proxy; it is then walked from the right (the hop nearest to us) and the first address that is not a
 * trusted proxy is the client. A malformed hop stops the walk: everything left of it is the client's own
 * claim, so the last trustworthy address (the proxy that sent the malformed entry) is used instead.
 */
export function resolveClientIp(socketIp: string, forwardedFor: string | undefined, trusted: CidrList | false): string {
  const socket = normaliseIp(socketIp);
  if (!trusted || !forwardedFor || !ipInList(socket, trusted)) return socket;
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  let last = socket;
  for (const entry of hops.reverse()) {
    const hop = parseIp(entry);
    if (!hop) return last;
    const text = hop.toString();
    if (!ipInList(text, trusted)) return text;
    last = text;
  }
  return last;
}
