import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";
import type { InvitationDelivery } from "@/db/schema/invitations";
import { ROLES, type Role } from "@/db/schema/memberships";
import { announceApiKeysChanged, forgetApiKeys } from "@/lib/api-keys/key-cache";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { randomToken } from "@/lib/auth/secrets";
import { utcDay } from "@/lib/day";
import { AppError } from "@/lib/errors";
import { INVITATION_DAYS, invitationUrl } from "@/lib/invitations/invitation-link";
import { type MailTransport, mailTransport } from "@/lib/mail/transport";
import { sha256Hex } from "@/lib/sha256";

export type Member = { userId: string; email: string; name: string; role: Role; joinedAt: Date };

export async function listMembers(db: DbOrTx, actor: Actor): Promise<Member[]> {
  assertScope(actor, "members:read");
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, actor.tenantId))
    .orderBy(asc(users.email));
}

export const inviteMemberSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "Enter a valid email address." })),
  name: z.string().trim().max(100).optional(),
  role: z.enum(ROLES, { message: "Choose viewer, operator or admin." }),
});

export type InviteResult = {
  invitationId: string;
  email: string;
  role: Role;
  delivery: InvitationDelivery;
  expiresAt: Date;
};

/**
 * Invites a person to the actor's tenant: a single-use link is mailed to them and they set their
 * own password (or accept while signed in). Nothing is attached until they accept, and the result
 * is the same whether or not the email already has an account, so a tenant learns nothing of others.
 */
export async function inviteMember(
  db: Db,
  actor: Actor,
  input: z.input<typeof inviteMemberSchema>,
  transport: MailTransport = mailTransport(),
) {
  assertScope(actor, "members:manage");
  const { email, name, role } = inviteMemberSchema.parse(input);
  return db.transaction(async (tx): Promise<InviteResult> => {
    const [member] = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(users.email, email)));
    if (member) {
      throw new AppError("conflict", `${email} is already a member of this tenant.`, { field: "email" });
    }
    const [pending] = await tx
      .select({ expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(
        and(
          eq(invitations.tenantId, actor.tenantId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, sql`now()`),
        ),
      )
      .for("update");
    if (pending) {
      throw new AppError(
        "conflict",
        `${email} is already invited; the invitation is open until ${utcDay(pending.expiresAt)}.`,
        { field: "email" },
      );
    }
    const { link: _link, ...invited } = await issueInvitation(tx, actor, { email, name, role }, transport);
    return invited;
  });
}

export const changeRoleSchema = z.object({ userId: z.uuid(), role: z.enum(ROLES) });

export async function changeMemberRole(db: Db, actor: Actor, input: z.input<typeof changeRoleSchema>) {
  assertScope(actor, "members:manage");
  const { userId, role } = changeRoleSchema.parse(input);
  await db.transaction(async (tx) => {
    const current = await lockMembership(tx, actor.tenantId, userId);
    if (current.role === role) return;
    if (current.role === "admin") await assertAnotherAdmin(tx, actor.tenantId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
    await recordAudit(tx, actor, {
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      details: { email: current.email, from: current.role, to: role },
    });
    // Their API keys act with at most their role: every process reads the keys again.
    await announceApiKeysChanged(tx, actor.tenantId);
  });
  forgetApiKeys(db);
}

export async function removeMember(db: Db, actor: Actor, input: { userId: string }) {
  assertScope(actor, "members:manage");
  const { userId } = z.object({ userId: z.uuid() }).parse(input);
  await db.transaction(async (tx) => {
    const current = await lockMembership(tx, actor.tenantId, userId);
    if (current.role === "admin") await assertAnotherAdmin(tx, actor.tenantId);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.tenantId, actor.tenantId), eq(memberships.userId, userId)));
    await recordAudit(tx, actor, {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      details: { email: current.email, role: current.role },
    });
    // Their API keys stop working with their membership: every process reads the keys again.
    await announceApiKeysChanged(tx, actor.tenantId);
  });
  forgetApiKeys(db);
}

async function lockMembership(tx: DbOrTx, tenantId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)))
    .for("update", { of: memberships });
  if (!row) throw new AppError("not_found", "That person is not a member of this tenant.");
  return row;
}

// Serialised by the row locks above: two admins cannot demote each other into an admin-less tenant.
async function assertAnotherAdmin(tx: DbOrTx, tenantId: string) {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "admin")))
    .for("update");
  if (admins.length <= 1) {
    throw new AppError("conflict", "A tenant needs at least one admin: make someone else admin first.");
  }
}

/**
 * Stores a single-use invitation to the actor's tenant and sends its link; the link is returned for
 * a caller entitled to see it (a deployment operator opening a new tenant), never to a tenant's API.
 */
export async function issueInvitation(
  tx: DbOrTx,
  actor: Actor,
  person: { email: string; name?: string; role: Role },
  transport: MailTransport,
): Promise<InviteResult & { link: string }> {
  const { email, name, role } = person;
  const token = randomToken(32);
  const [invitation] = await tx
    .insert(invitations)
    .values({
      tenantId: actor.tenantId,
      email,
      name: name || null,
      role,
      tokenHash: sha256Hex(token),
      delivery: transport.delivery,
      invitedBy: actor.label,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
    })
    .returning();
  if (!invitation) throw new AppError("internal", "The invitation could not be created.");
  await transport.send(tx, {
    tenantId: actor.tenantId,
    to: email,
    subject: `You are invited to ${actor.tenantName} on Flightdeck`,
    body: [
      `${actor.label} invited you to join ${actor.tenantName} on Flightdeck as ${role}.`,
      `Open this link within ${INVITATION_DAYS} days to accept (it works once):`,
      invitationUrl(token),
    ].join("\n\n"),
  });
  await recordAudit(tx, actor, {
    action: "member.invited",
    targetType: "invitation",
    targetId: invitation.id,
    details: { email, role, delivery: transport.delivery },
  });
  return {
    invitationId: invitation.id,
    email,
    role,
    delivery: invitation.delivery,
    expiresAt: invitation.expiresAt,
    link: invitationUrl(token),
  };
}
