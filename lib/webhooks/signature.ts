import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "flightdeck-signature";
/** How old a signed delivery a receiver should still accept. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`: the time is signed with the body, so a
 * captured delivery cannot be replayed later than the receiver's tolerance.
 */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** What a receiver runs on the raw body before trusting it. */
export function verifyWebhook(
  secret: string,
  header: string | null | undefined,
  body: string,
  now = Math.floor(Date.now() / 1000),
): boolean {
  const parts = new Map(
    (header ?? "").split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get("t"));
  const given = Buffer.from(parts.get("v1") ?? "", "hex");
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
