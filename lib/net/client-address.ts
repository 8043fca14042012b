import type { IncomingMessage } from "node:http";

/** Set by Flightdeck's own server on every request (a client's value is overwritten). */
export const CLIENT_ADDRESS_HEADER = "x-flightdeck-client-address";

/**
 * Who sent the request, for throttling. Behind a reverse proxy (FLIGHTDECK_TRUSTED_PROXY=1) the
 * proxy's X-Forwarded-For names the client; otherwise that header is the client's own word and
 * the socket's address is used.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  if (trustProxy && first) return first;
  return req.socket.remoteAddress ?? "unknown";
}
