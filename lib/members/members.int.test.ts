import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { verifyPassword } from "@/lib/auth/password";
import { changeMemberRole, inviteMember, listMembers, removeMember } from "./members";

const { db } = await createTestDatabase();

describe("members", () => {
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    tenant = await createTenant(db);
  });

  it("invites a new person with a one-time password that works, and audits it", async () => {
    const admin = await createMember(db, tenant, "admin");
    const result = await inviteMember(db, admin, { email: "  New.Person@Example.test ", role: "operator" });
    expect(result.email).toBe("new.person@example.test");
    expect(result.temporaryPassword).toMatch(/.{12,}/);
    const [user] = await db.select().from(users).where(eq(users.id, result.userId));
    expect(user?.passwordHash).not.toContain(result.temporaryPassword);
    expect(await verifyPassword(user?.passwordHash ?? "", result.temporaryPassword ?? "")).toBe(true);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, result.userId));
    expect(audit.map((a) => a.action)).toContain("member.invited");
    expect(audit[0]?.actorLabel).toBe(admin.label);
  });

  it("adds an existing user of another tenant without touching their password", async () => {
    const other = await createTenant(db);
    const outsider = await createMember(db, other, "viewer");
    const admin = await createMember(db, tenant, "admin");
    const result = await inviteMember(db, admin, { email: outsider.label, role: "viewer" });
    expect(result.temporaryPassword).toBeNull();
    await expect(inviteMember(db, admin, { email: outsider.label, role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("rejects invalid input with the field named", async () => {
    const admin = await createMember(db, tenant, "admin");
    await expect(inviteMember(db, admin, { email: "not-an-email", role: "viewer" })).rejects.toThrow(
      /valid email/,
    );
    await expect(inviteMember(db, admin, { email: "a@b.test", role: "owner" as "viewer" })).rejects.toThrow(
      /viewer, operator or admin/,
    );
  });

  it("refuses viewers and operators", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const actor = await createMember(db, tenant, role);
      await expect(
        inviteMember(db, actor, { email: `x-${role}@example.test`, role: "admin" }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(changeMemberRole(db, actor, { userId: actor.id, role: "admin" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
  });

  it("changes roles with an audit entry, and keeps at least one admin", async () => {
    const own = await createTenant(db);
    const admin = await createMember(db, own, "admin");
    const operator = await createMember(db, own, "operator");
    await changeMemberRole(db, admin, { userId: operator.id, role: "admin" });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "member.role_changed"));
    expect(entry?.details).toMatchObject({ from: "operator", to: "admin" });
    await changeMemberRole(db, admin, { userId: admin.id, role: "viewer" });
    const promoted = { ...operator, role: "admin" as const };
    await expect(
      changeMemberRole(db, promoted, { userId: operator.id, role: "viewer" }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember(db, promoted, { userId: operator.id })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("never reaches members of another tenant", async () => {
    const mine = await createTenant(db);
    const theirs = await createTenant(db);
    const admin = await createMember(db, mine, "admin");
    const stranger = await createMember(db, theirs, "operator");
    await expect(changeMemberRole(db, admin, { userId: stranger.id, role: "viewer" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(removeMember(db, admin, { userId: stranger.id })).rejects.toMatchObject({
      code: "not_found",
    });
    const listed = await listMembers(db, admin);
    expect(listed.map((m) => m.userId)).toEqual([admin.id]);
  });
});
