import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { type Invitation, invitations, memberships, tenants, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/sha256";

const tokenSchema = z.string().trim().min(20).max(200);

export const newPasswordSchema = z
  .string()
  .min(12, { message: "Choose a password of at least 12 characters." })
  .max(200, { message: "Choose a password of at most 200 characters." });

export const acceptWithPasswordSchema = z.object({
  token: tokenSchema,
  name: z.string().trim().max(100).optional(),
  password: newPasswordSchema,
});

const UNUSABLE =
  "This invitation link is not valid any more: it was used, revoked or has expired. Ask for a new one.";

export type InvitationView = {
  tenantName: string;
  email: string;
  role: Invitation["role"];
  /** `reset`: an admin reset this member's sign-in; accepting chooses a new password. */
  purpose: "join" | "reset";
};

/** What the invitation page shows to whoever holds the link; never whether the email has an account. */
export async function describeInvitation(db: DbOrTx, token: string): Promise<InvitationView> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("not_found", UNUSABLE);
  const [row] = await db
    .select({ invitation: invitations, tenantName: tenants.name })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, sha256Hex(parsed.data)));
  if (!row || !isOpen(row.invitation)) throw new AppError("not_found", UNUSABLE);
  return {
    tenantName: row.tenantName,
    email: row.invitation.email,
    role: row.invitation.role,
    purpose: row.invitation.resetUserId ? "reset" : "join",
  };
}

/** A person without an account accepts: the account is created with the password they chose. */
export async function acceptInvitationWithPassword(
  db: Db,
  input: z.input<typeof acceptWithPasswordSchema>,
): Promise<{ userId: string; email: string }> {
  const { token, name, password } = acceptWithPasswordSchema.parse(input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const { invitation, tenantName } = await lockOpenInvitation(tx, token);
    // A link an admin could read in the outbox proves nothing about the address: it must never set
    // the password of a deployment operator's account (FLIGHTDECK_PLATFORM_ADMINS).
    if (invitation.delivery === "outbox" && env().FLIGHTDECK_PLATFORM_ADMINS.includes(invitation.email))
      throw new AppError(
        "forbidden",
        "This address belongs to a deployment operator: its account is activated by mail or single sign-on only.",
      );
    if (invitation.resetUserId) {
      // Proven only if the link was mailed to the person; an admin-read link leaves it confined.
      await tx
        .update(users)
        .set({ passwordHash, emailVerified: invitation.delivery === "smtp" })
        .where(and(eq(users.id, invitation.resetUserId), eq(users.email, invitation.email)));
      await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
      const actor: Actor = {
        kind: "user",
        id: invitation.resetUserId,
        label: invitation.email,
        tenantId: invitation.tenantId,
        tenantName,
        role: invitation.role,
      };
      await recordAudit(tx, actor, {
        action: "member.password_set",
        targetType: "user",
        targetId: invitation.resetUserId,
        details: { invitationId: invitation.id },
      });
      return { userId: invitation.resetUserId, email: invitation.email };
    }
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
    if (existing) {
      throw new AppError(
        "conflict",
        "This email address already has a Flightdeck account: sign in with it, then open this link again.",
      );
    }
    const [user] = await tx
      .insert(users)
      .values({
        email: invitation.email,
        name: name || invitation.name || invitation.email.split("@")[0] || invitation.email,
        passwordHash,
        emailVerified: invitation.delivery === "smtp",
      })
      .returning({ id: users.id });
    if (!user) throw new AppError("internal", "The account could not be created.");
    await join(tx, invitation, tenantName, { id: user.id, email: invitation.email });
    return { userId: user.id, email: invitation.email };
  });
}

/** A signed-in person accepts an invitation sent to their own email address. */
export async function acceptInvitationAsUser(
  db: Db,
  user: { id: string },
  token: string,
): Promise<{ tenantId: string; tenantName: string }> {
  return db.transaction(async (tx) => {
    const { invitation, tenantName } = await lockOpenInvitation(tx, token);
    if (invitation.resetUserId) {
      throw new AppError(
        "invalid_input",
        "This link is for choosing a new password: sign out, then open it again.",
      );
    }
    const [account] = await tx.select().from(users).where(eq(users.id, user.id)).for("update");
    if (!account) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
    if (account.email !== invitation.email) {
      throw new AppError(
        "forbidden",
        "This invitation was sent to another email address: sign in with that account to accept it.",
      );
    }
    if (!account.emailVerified) {
      if (invitation.delivery === "smtp") {
        // The link reached the address by mail, so whoever holds it owns the address.
        await tx.update(users).set({ emailVerified: true }).where(eq(users.id, account.id));
      } else {
        const [elsewhere] = await tx
          .select({ tenantId: memberships.tenantId })
          .from(memberships)
          .where(and(eq(memberships.userId, account.id), ne(memberships.tenantId, invitation.tenantId)))
          .limit(1);
        if (elsewhere) {
          throw new AppError(
            "conflict",
            "Your account's email address has not been confirmed, so it cannot join another tenant yet. Ask for an invitation sent by email.",
          );
        }
      }
    }
    await join(tx, invitation, tenantName, { id: account.id, email: account.email });
    return { tenantId: invitation.tenantId, tenantName };
  });
}

function isOpen(invitation: Invitation, now = new Date()): boolean {
  return !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now;
}

async function lockOpenInvitation(tx: DbOrTx, token: string) {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("not_found", UNUSABLE);
  const [row] = await tx
    .select({ invitation: invitations, tenantName: tenants.name })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, sha256Hex(parsed.data)))
    .for("update", { of: invitations });
  if (!row || !isOpen(row.invitation)) throw new AppError("not_found", UNUSABLE);
  return row;
}

/**
 * Marks the invitation used and adds the membership, audited in the inviting tenant (without saying
 * whether the account is new: that would tell the tenant about other tenants' members).
 */
export async function join(
  tx: DbOrTx,
  invitation: Invitation,
  tenantName: string,
  user: { id: string; email: string },
): Promise<void> {
  await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, invitation.id));
  await tx
    .insert(memberships)
    .values({ tenantId: invitation.tenantId, userId: user.id, role: invitation.role })
    .onConflictDoNothing();
  const actor: Actor = {
    kind: "user",
    id: user.id,
    label: user.email,
    tenantId: invitation.tenantId,
    tenantName,
    role: invitation.role,
  };
  await recordAudit(tx, actor, {
    action: "member.joined",
    targetType: "user",
    targetId: user.id,
    details: { email: user.email, role: invitation.role, invitationId: invitation.id },
  });
}
