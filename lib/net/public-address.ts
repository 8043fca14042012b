import { lookup } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { BlockList, isIP } from "node:net";

// Addresses a request from the server must not reach on a tenant's say-so: this host, the local
// networks, cloud metadata (169.254.169.254), and ranges reserved for documentation or multicast.
// Two lists: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 rules.
const internal4 = new BlockList();
const internal6 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  internal4.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 127], // unspecified and loopback
  ["64:ff9b:1::", 48], // local-use NAT64 (the IPv4 address sits where the operator chose)
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  internal6.addSubnet(network, prefix, "ipv6");

/** Whether `address` (an IP literal) is on the public internet; anything else is not. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !internal4.check(address, "ipv4");
  if (family !== 6) return false;
  const embedded = embeddedIPv4(address);
  if (embedded) return isPublicAddress(embedded);
  return !internal6.check(address, "ipv6");
}

/**
 * The IPv4 address an IPv6 address stands for, when a router or the host itself would deliver it
 * there: IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d), 6to4 (2002:AABB:CCDD::), NAT64 (64:ff9b::a.b.c.d) and Teredo (2001:0::/32,
 * whose last 32 bits are the client's address inverted).
 */
export function embeddedIPv4(address: string): string | undefined {
  const h = hextets(address);
  if (!h) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (h[5] === 0 || h[5] === 0xffff)) return v4(h[6], h[7]);
  if (zero(0, 4) && h[4] === 0xffff && h[5] === 0) return v4(h[6], h[7]);
  if (h[0] === 0x2002) return v4(h[1], h[2]);
  if (h[0] === 0x64 && h[1] === 0xff9b && zero(2, 6)) return v4(h[6], h[7]);
  if (h[0] === 0x2001 && h[1] === 0) return v4(h[6] ^ 0xffff, h[7] ^ 0xffff);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 literal (a dotted IPv4 tail counts as two). */
function hextets(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((x) => Number.parseInt(x, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 ? groups : undefined;
}

/**
 * Whether a host, as written in a URL, is this machine or not on the public internet: names that
 * mean this machine or a local network, and non-public IP literals. (No lookup: names that resolve
 * to private addresses are caught on connect by publicOnlyLookup.)
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || [".localhost", ".internal", ".local"].some((suffix) => host.endsWith(suffix)))
    return true;
  return isIP(host) !== 0 && !isPublicAddress(host);
}

/**
 * The addresses a host of a URL stands for: the literal itself, or every address DNS gives for the
 * name. Deciding on all of them, not the first, is what keeps a name with one public and one
 * private address out.
 */
export async function addressesOf(hostname: string): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return [host];
  const found = await dnsLookup(host, { all: true });
  return found.map((a) => a.address);
}

/** Whether a URL's host is, or resolves to, anything but public addresses (unresolvable counts as private). */
export async function resolvesPrivate(hostname: string): Promise<boolean> {
  if (isPrivateHost(hostname)) return true;
  try {
    const addresses = await addressesOf(hostname);
    return addresses.length === 0 || addresses.some((a) => !isPublicAddress(a));
  } catch {
    return true;
  }
}

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  // The address a name resolved to is not told: the message reaches the tenant (a webhook's last
  // error), and would map the server's own network for it.
  constructor(host: string) {
    super(
      `${host} is not a public address: requests to this host, local networks and cloud metadata are refused.`,
    );
    this.name = "PrivateAddressError";
  }
}

/**
 * A DNS lookup for outgoing requests that refuses names resolving to any non-public address. Given
 * to the connection itself, so the address checked is the address connected to (a name cannot
 * pass a check and then resolve elsewhere).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname), "", 0);
    if (options.all)
      return (callback as unknown as (e: null, all: typeof addresses) => void)(null, addresses);
    const [first] = addresses;
    if (!first)
      return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
    callback(null, first.address, first.family);
  });
};
