import { lookup } from "node:dns";
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
  ["::ffff:0:0", 96], // IPv4-mapped, unless written as a dotted public address (below)
  ["64:ff9b::", 96], // NAT64 of any IPv4 address
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
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return isPublicAddress(mapped[1]);
  return !internal6.check(address, "ipv6");
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

export class PrivateAddressError extends Error {
  readonly code = "EPRIVATEADDRESS";
  constructor(host: string, address: string) {
    super(
      `${host} is ${address === host ? "" : `at ${address}, `}not a public address: requests to this host, local networks and cloud metadata are refused.`,
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
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), "", 0);
    if (options.all)
      return (callback as unknown as (e: null, all: typeof addresses) => void)(null, addresses);
    const [first] = addresses;
    if (!first)
      return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
    callback(null, first.address, first.family);
  });
};
