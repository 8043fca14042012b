import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { listOutbox } from "@/lib/mail/outbox";
import { changeMemberRole, inviteMember, listMembers, removeMember } from "./members";

const { db } = await createTestDatabase();

describe("members", () => {
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    tenant = await createTenant(db);
  });

  it("invites by a link kept in the tenant's outbox when no mail server is set, and audits it", async () => {
    const admin = await createMember(db, tenant, "admin");
    const result = await inviteMember(db, admin, { email: "  New.Person@Example.test ", role: "operator" });
    expect(result).toMatchObject({ email: "new.person@example.test", delivery: "outbox" });
    expect(result).not.toHaveProperty("temporaryPassword");
    const outbox = await listOutbox(db, admin);
    expect(outbox[0]).toMatchObject({ to: "new.person@example.test" });
    expect(outbox[0]?.body).toMatch(/\/invite\/[\w-]{40,}/);
    expect(await db.select().from(users).where(eq(users.email, "new.person@example.test"))).toEqual([]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, result.invitationId));
    expect(audit.map((a) => a.action)).toContain("member.invited");
    expect(audit[0]?.actorLabel).toBe(admin.label);
    const other = await createMember(db, await createTenant(db), "admin");
    expect(await listOutbox(db, other)).toEqual([]);
  });

  it("refuses a second invitation of a member or of a pending invitee", async () => {
    const other = await createTenant(db);
    const outsider = await createMember(db, other, "viewer");
    const admin = await createMember(db, tenant, "admin");
    await inviteMember(db, admin, { email: outsider.label, role: "viewer" });
    await expect(inviteMember(db, admin, { email: outsider.label, role: "viewer" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(inviteMember(db, admin, { email: admin.label, role: "viewer" })).rejects.toThrow(
      /already a member/,
    );
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
