import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { mcpServerSettings } from "@/lib/tools/mcp/settings";

/**
 * An MCP server's HTTP headers (its credentials) at rest: AES-256-GCM under a key derived with
 * HKDF-SHA256 from the deployment's secret (FLIGHTDECK_SECRETS_KEY, else NEXTAUTH_SECRET), a random
 * 12-byte IV per sealing. Text form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. The version
 * names the scheme, so another can be added beside it; changing the secret makes sealed headers
 * unreadable (the server must be registered again).
 */
const VERSION = "v1";
const SALT = "flightdeck/mcp-server-headers";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type McpHeaders = Record<string, string>;

/** Headers could not be opened: sealed under another secret, or damaged. The message holds no secret. */
export class SealedHeadersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedHeadersError";
  }
}

function keyFrom(secret: string | undefined): Buffer {
  if (!secret)
    throw new AppError(
      "unavailable",
      "MCP server headers cannot be stored: this Flightdeck has no secret to seal them with (set FLIGHTDECK_SECRETS_KEY or NEXTAUTH_SECRET).",
    );
  return Buffer.from(hkdfSync("sha256", secret, SALT, VERSION, 32));
}

/**
 * Seals headers. `context` (e.g. the tenant's id) is bound to the text: it opens only with the same
 * context, so sealed headers copied to another tenant's row do not open there.
 */
export function sealHeaders(
  headers: McpHeaders,
  context = "",
  secret = mcpServerSettings().secretsKey,
): string {
  const key = keyFrom(secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(headers), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), sealed].map((part) => part.toString("base64url")).join(".");
}

/** Opens headers sealed by sealHeaders with the same context, or throws SealedHeadersError. */
export function openHeaders(text: string, context = "", secret = mcpServerSettings().secretsKey): McpHeaders {
  const parts = text.split(".");
  const [version, iv, tag, sealed] = parts;
  if (parts.length !== 4 || version !== VERSION || !iv || !tag || sealed === undefined)
    throw new SealedHeadersError("The stored headers are not in a format this Flightdeck reads.");
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES)
    throw new SealedHeadersError("The stored headers are damaged.");
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), ivBytes);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tagBytes);
    plain = Buffer.concat([decipher.update(Buffer.from(sealed, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new SealedHeadersError(
      "The stored headers cannot be opened: they were sealed under another secret (was FLIGHTDECK_SECRETS_KEY or NEXTAUTH_SECRET changed?) or are damaged. Register the server again.",
    );
  }
  const headers: unknown = JSON.parse(plain);
  if (
    typeof headers !== "object" ||
    headers === null ||
    Array.isArray(headers) ||
    !Object.values(headers).every((value) => typeof value === "string")
  )
    throw new SealedHeadersError("The stored headers are damaged.");
  return headers as McpHeaders;
}
