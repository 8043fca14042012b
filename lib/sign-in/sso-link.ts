import { createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { userIdentities, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { sessionVersionOf } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { linkedUserId } from "@/lib/sign-in/oidc-sign-in";

export const SSO_LINK_COOKIE = "fd_sso_link";
export const SSO_LINK_SECONDS = 10 * 60;

export type LinkIntent = { userId: string; sessionVersion: number };

const sign = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(`sso-link:${payload}`).digest("base64url");

/**
 * A short-lived, signed statement that this signed-in person asked to link the next single sign-on
 * identity to their account: the explicit step that replaces matching accounts by email. It names
 * the session version it was asked under, so signing out (or any end of their sessions) voids it.
 */
export function createLinkIntent(secret: string, intent: LinkIntent, now = Date.now()): string {
  const payload = `${intent.userId}.${intent.sessionVersion}.${Math.floor(now / 1000) + SSO_LINK_SECONDS}`;
  return `${payload}.${sign(secret, payload)}`;
}

export function readLinkIntent(
  secret: string,
  value: string | undefined,
  now = Date.now(),
): LinkIntent | null {
  const [userId, version, expires, mac, ...rest] = value?.split(".") ?? [];
  if (!userId || !version || !expires || !mac || rest.length > 0) return null;
  const expected = Buffer.from(sign(secret, `${userId}.${version}.${expires}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (Number(expires) * 1000 < now) return null;
  return { userId, sessionVersion: Number(version) };
}

const startLinkSchema = z.object({ currentPassword: z.string().max(1000) });

/**
 * What a signed-in person proves before a single sign-on identity is tied to their account: their
 * password (when the account has one), so a borrowed session cannot add a way in that outlives it.
 * Audited as `account.sso_link_started`; returns the intent the sign-in then carries.
 */
export async function startSsoLink(
  db: Db,
  actor: Actor,
  sessionVersion: number,
  input: z.input<typeof startLinkSchema>,
): Promise<LinkIntent> {
  if (actor.kind !== "user")
    throw new AppError("forbidden", "Only a signed-in person can link single sign-on.");
  const { currentPassword } = startLinkSchema.parse(input);
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.id));
  if (!user) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, currentPassword)))
    throw new AppError("invalid_input", "Your current password is not right.", { field: "currentPassword" });
  await recordAudit(db, actor, {
    action: "account.sso_link_started",
    targetType: "user",
    targetId: actor.id,
  });
  return { userId: actor.id, sessionVersion };
}

/**
 * Links the identity to the account that asked for it, while the session that asked still stands;
 * an identity belongs to one account only.
 */
export async function linkIdentity(
  db: Db,
  intent: LinkIntent,
  issuer: string,
  subject: string,
): Promise<void> {
  if (!issuer || !subject) throw new AppError("invalid_input", "The single sign-on identity is incomplete.");
  if ((await sessionVersionOf(db, intent.userId)) !== intent.sessionVersion)
    throw new AppError("unauthenticated", "The session that asked for this link has ended.");
  await db.insert(userIdentities).values({ issuer, subject, userId: intent.userId }).onConflictDoNothing();
  const owner = await linkedUserId(db, issuer, subject);
  if (owner !== intent.userId) {
    throw new AppError("conflict", "This single sign-on identity is already linked to another account.");
  }
}

export type LinkedIdentity = { issuer: string; subject: string; linkedAt: Date };

/** The single sign-on identities that open this person's account. */
export async function linkedIdentities(db: DbOrTx, userId: string): Promise<LinkedIdentity[]> {
  return db
    .select({
      issuer: userIdentities.issuer,
      subject: userIdentities.subject,
      linkedAt: userIdentities.createdAt,
    })
    .from(userIdentities)
    .where(eq(userIdentities.userId, userId))
    .orderBy(asc(userIdentities.createdAt));
}

/** Unlinks one of the person's own identities: it no longer signs them in. Audited. */
export async function unlinkIdentity(
  db: Db,
  actor: Actor,
  identity: { issuer: string; subject: string },
): Promise<void> {
  if (actor.kind !== "user")
    throw new AppError("forbidden", "Only a signed-in person can unlink single sign-on.");
  const { issuer, subject } = z
    .object({ issuer: z.string().max(2000), subject: z.string().max(2000) })
    .parse(identity);
  const removed = await db
    .delete(userIdentities)
    .where(
      and(
        eq(userIdentities.userId, actor.id),
        eq(userIdentities.issuer, issuer),
        eq(userIdentities.subject, subject),
      ),
    )
    .returning({ issuer: userIdentities.issuer });
  if (removed.length === 0)
    throw new AppError("not_found", "No such single sign-on identity on your account.");
  await recordAudit(db, actor, { action: "account.sso_unlinked", targetType: "user", targetId: actor.id });
}

/** How this person signs in: with a password or not, and the identities linked to the account. */
export async function signInMethods(
  db: DbOrTx,
  userId: string,
): Promise<{ hasPassword: boolean; identities: LinkedIdentity[] }> {
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId));
  return { hasPassword: Boolean(user?.passwordHash), identities: await linkedIdentities(db, userId) };
}
