import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { userIdentities } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { linkedUserId } from "@/lib/sign-in/oidc-sign-in";

export const SSO_LINK_COOKIE = "fd_sso_link";
export const SSO_LINK_SECONDS = 10 * 60;

const sign = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(`sso-link:${payload}`).digest("base64url");

/**
 * A short-lived, signed statement that this signed-in person asked to link the next single sign-on
 * identity to their account: the explicit step that replaces matching accounts by email.
 */
export function createLinkIntent(secret: string, userId: string, now = Date.now()): string {
  const payload = `${userId}.${Math.floor(now / 1000) + SSO_LINK_SECONDS}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function readLinkIntent(secret: string, value: string | undefined, now = Date.now()): string | null {
  const [userId, expires, mac] = value?.split(".") ?? [];
  if (!userId || !expires || !mac) return null;
  const expected = Buffer.from(sign(secret, `${userId}.${expires}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expires) * 1000 < now) return null;
  return userId;
}

/** Links the identity to the account that asked for it; an identity belongs to one account only. */
export async function linkIdentity(db: Db, userId: string, issuer: string, subject: string): Promise<void> {
  if (!issuer || !subject) throw new AppError("invalid_input", "The single sign-on identity is incomplete.");
  await db.insert(userIdentities).values({ issuer, subject, userId }).onConflictDoNothing();
  const owner = await linkedUserId(db, issuer, subject);
  if (owner !== userId) {
    throw new AppError("conflict", "This single sign-on identity is already linked to another account.");
  }
}
