import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { memberships, users } from "@/db/schema";
import { ROLES, type Role } from "@/db/schema/memberships";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { randomToken } from "@/lib/auth/secrets";
import { AppError } from "@/lib/errors";

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

export type InviteResult = { userId: string; email: string; temporaryPassword: string | null };

/**
 * Adds a person to the actor's tenant. A new user gets a temporary password, returned once for the
 * admin to pass on; an existing user (of another tenant) keeps theirs.
 */
export async function inviteMember(db: Db, actor: Actor, input: z.input<typeof inviteMemberSchema>) {
  assertScope(actor, "members:manage");
  const { email, name, role } = inviteMemberSchema.parse(input);
  return db.transaction(async (tx): Promise<InviteResult> => {
    let [user] = await tx.select().from(users).where(eq(users.email, email));
    let temporaryPassword: string | null = null;
    if (!user) {
      temporaryPassword = randomToken(12);
      [user] = await tx
        .insert(users)
        .values({
          email,
          name: name || email.split("@")[0] || email,
          passwordHash: await hashPassword(temporaryPassword),
        })
        .returning();
    }
    if (!user) throw new AppError("internal", "The user could not be created.");
    const inserted = await tx
      .insert(memberships)
      .values({ tenantId: actor.tenantId, userId: user.id, role })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) {
      throw new AppError("conflict", `${email} is already a member of this tenant.`, { field: "email" });
    }
    await recordAudit(tx, actor, {
      action: "member.invited",
      targetType: "user",
      targetId: user.id,
      details: { email, role, newUser: temporaryPassword !== null },
    });
    return { userId: user.id, email, temporaryPassword };
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
  });
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
  });
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
