import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { invitations, tenants, userIdentities, users } from "@/db/schema";
import { join } from "@/lib/invitations/accept-invitation";

export type OidcClaims = {
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: unknown;
  name?: string | null;
};

export async function linkedUserId(db: DbOrTx, issuer: string, subject: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)));
  return row?.userId ?? null;
}

/**
 * The account a single sign-on identity signs into, or null to refuse. The provider must have
 * verified the email (\`email_verified: true\`), and only an identity already linked (issuer + subject) signs in; an email alone never opens an existing account. A new person
 * whose provider verified their email may accept the open invitations for that email, which creates
 * their account linked to the identity.
 */
export async function resolveOidcUser(db: Db, claims: OidcClaims): Promise<string | null> {
  if (!claims.issuer || !claims.subject || claims.emailVerified !== true) return null;
  const linked = await linkedUserId(db, claims.issuer, claims.subject);
  if (linked) return linked;
  if (!claims.email) return null;
  const email = claims.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) return null;
    const open = await tx
      .select({ invitation: invitations, tenantName: tenants.name })
      .from(invitations)
      .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
      .where(
        and(
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql`now()`),
        ),
      )
      .for("update", { of: invitations });
    if (open.length === 0) return null;
    const [user] = await tx
      .insert(users)
      .values({ email, name: claims.name?.trim() || email.split("@")[0] || email, emailVerified: true })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!user) return null;
    await tx
      .insert(userIdentities)
      .values({ issuer: claims.issuer, subject: claims.subject, userId: user.id });
    for (const { invitation, tenantName } of open)
      await join(tx, invitation, tenantName, { id: user.id, email });
    return user.id;
  });
}
