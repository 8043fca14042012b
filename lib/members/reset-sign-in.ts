import { and, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { invitations, memberships, userIdentities, users } from "@/db/schema";
import type { InvitationDelivery } from "@/db/schema/invitations";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { randomToken } from "@/lib/auth/secrets";
import { revokeSessions } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { INVITATION_DAYS, invitationUrl } from "@/lib/invitations/invitation-link";
import { type MailTransport, mailTransport } from "@/lib/mail/transport";
import { sha256Hex } from "@/lib/sha256";

/**
 * An admin resets a member's sign-in: the password and linked single sign-on are removed and a
 * single-use link to choose a new password is mailed to the member. Without a mail server the
 * admin sees that link, so only an account that belongs to this tenant alone can be reset so.
 */
export async function resetMemberSignIn(
  db: Db,
  actor: Actor,
  input: { userId: string },
  transport: MailTransport = mailTransport(),
): Promise<{ userId: string; delivery: InvitationDelivery }> {
  assertScope(actor, "members:manage");
  const { userId } = z.object({ userId: z.uuid() }).parse(input);
  if (userId === actor.id) {
    throw new AppError("invalid_input", "Change your own password under Your account instead.");
  }
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)))
      .for("update");
    if (!member) throw new AppError("not_found", "That person is not a member of this tenant.");
    if (transport.delivery !== "smtp") {
      const [elsewhere] = await tx
        .select({ tenantId: memberships.tenantId })
        .from(memberships)
        .where(and(eq(memberships.userId, userId), ne(memberships.tenantId, actor.tenantId)))
        .limit(1);
      if (elsewhere) {
        throw new AppError(
          "conflict",
          "Without a mail server this sign-in cannot be reset here: ask the person to change their password under Your account.",
        );
      }
    }
    await tx.update(users).set({ passwordHash: null }).where(eq(users.id, userId));
    await tx.delete(userIdentities).where(eq(userIdentities.userId, userId));
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.resetUserId, userId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const token = randomToken(32);
    await tx.insert(invitations).values({
      tenantId: actor.tenantId,
      email: member.email,
      role: member.role,
      tokenHash: sha256Hex(token),
      delivery: transport.delivery,
      invitedBy: actor.label,
      resetUserId: userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
    });
    await transport.send(tx, {
      tenantId: actor.tenantId,
      to: member.email,
      subject: "Choose a new Flightdeck password",
      body: [
        `${actor.label} reset your sign-in to ${actor.tenantName} on Flightdeck.`,
        `Open this link within ${INVITATION_DAYS} days to choose a new password (it works once):`,
        invitationUrl(token),
      ].join("\n\n"),
    });
    await revokeSessions(tx, userId);
    await recordAudit(tx, actor, {
      action: "member.sign_in_reset",
      targetType: "user",
      targetId: userId,
      details: { email: member.email, delivery: transport.delivery },
    });
    return { userId, delivery: transport.delivery };
  });
}
