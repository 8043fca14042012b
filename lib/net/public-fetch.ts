import { Agent, fetch, type RequestInit, type Response } from "undici";
import { isPrivateHost, PrivateAddressError, publicOnlyLookup } from "./public-address";

// The lookup runs as the connection is made, so the address checked is the address connected to:
// a name cannot pass a check and then resolve to this machine (DNS rebinding).
const publicOnly = new Agent({ connect: { lookup: publicOnlyLookup } });

/**
 * fetch() that reaches public addresses only: IP literals are decided before connecting (they are
 * never looked up), names on every address they resolve to, at connect time.
 */
export async function publicFetch(url: URL, init: RequestInit): Promise<Response> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isPrivateHost(host)) throw new PrivateAddressError(host);
  return fetch(url, { ...init, dispatcher: publicOnly });
}
