import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { invitations } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export type OpenInvitation = {
  id: string;
  email: string;
  role: Role;
  /** A join, or a link an admin issued to reset a member's sign-in. */
  kind: "join" | "sign_in_reset";
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
};

const MAX_LISTED = 200;

const isOpen = () =>
  and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`));

/** The tenant's links not yet used, revoked or expired, newest first: each still lets someone in. */
export async function listOpenInvitations(db: DbOrTx, actor: Actor): Promise<OpenInvitation[]> {
  assertScope(actor, "members:manage");
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      resetUserId: invitations.resetUserId,
      invitedBy: invitations.invitedBy,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(and(eq(invitations.tenantId, actor.tenantId), isOpen()))
    .orderBy(desc(invitations.createdAt))
    .limit(MAX_LISTED);
  return rows.map(({ resetUserId, ...row }) => ({ ...row, kind: resetUserId ? "sign_in_reset" : "join" }));
}

/**
 * Revokes an open link of the tenant, so that it no longer lets anyone in: an invitation sent to the
 * wrong address, or one made by an admin who has since left. Audited as `member.invitation_revoked`.
 */
export async function revokeInvitation(db: Db, actor: Actor, input: { id: string }): Promise<{ id: string }> {
  assertScope(actor, "members:manage");
  const parsed = z.uuid().safeParse(input.id);
  return db.transaction(async (tx) => {
    const [revoked] = parsed.success
      ? await tx
          .update(invitations)
          .set({ revokedAt: new Date() })
          .where(and(eq(invitations.tenantId, actor.tenantId), eq(invitations.id, parsed.data), isOpen()))
          .returning({ id: invitations.id, email: invitations.email, role: invitations.role })
      : [];
    if (!revoked)
      throw new AppError(
        "not_found",
        "No open invitation with that id in this tenant: it may have been accepted, revoked or may have expired.",
      );
    await recordAudit(tx, actor, {
      action: "member.invitation_revoked",
      targetType: "invitation",
      targetId: revoked.id,
      details: { email: revoked.email, role: revoked.role },
    });
    return { id: revoked.id };
  });
}
