import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, invitations, mailOutbox, memberships, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { verifyPassword } from "@/lib/auth/password";
import { resetEnvCache } from "@/lib/env";
import { outboxTransport } from "@/lib/mail/transport";
import { inviteMember } from "@/lib/members/members";
import { sha256Hex } from "@/lib/sha256";
import {
  acceptInvitationAsUser,
  acceptInvitationWithPassword,
  describeInvitation,
} from "./accept-invitation";
import { capturingTransport } from "./testing";

const { db } = await createTestDatabase();
const PASSWORD = "a-long-password-1";

const membershipsOf = async (userId: string) =>
  (await db.select().from(memberships).where(eq(memberships.userId, userId))).map((m) => m.tenantId);

describe("invitations", () => {
  it("mails a single-use link; the person sets their own password and joins with the role", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const mail = capturingTransport("smtp");
    const invited = await inviteMember(
      db,
      admin,
      { email: "Joiner@Example.test", role: "operator" },
      mail.transport,
    );
    expect(invited).toMatchObject({ email: "joiner@example.test", delivery: "smtp" });
    expect(mail.sent[0]?.to).toBe("joiner@example.test");
    const token = mail.lastToken();
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invited.invitationId));
    expect(stored?.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await describeInvitation(db, token)).toEqual({
      tenantName: tenant.name,
      email: "joiner@example.test",
      role: "operator",
      purpose: "join",
    });
    await expect(acceptInvitationWithPassword(db, { token, password: "short" })).rejects.toThrow(
      /12 characters/,
    );
    const { userId } = await acceptInvitationWithPassword(db, { token, password: PASSWORD, name: "Jo" });
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    expect(await verifyPassword(user?.passwordHash ?? "", PASSWORD)).toBe(true);
    expect(user).toMatchObject({ name: "Jo", emailVerified: true });
    expect(await membershipsOf(userId)).toEqual([tenant.id]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["member.invited", "member.joined"]));
  });

  it("refuses a used, replayed, expired, revoked or made-up token", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const mail = capturingTransport("smtp");
    await inviteMember(db, admin, { email: "once@example.test", role: "viewer" }, mail.transport);
    const token = mail.lastToken();
    await acceptInvitationWithPassword(db, { token, password: PASSWORD });
    await expect(acceptInvitationWithPassword(db, { token, password: PASSWORD })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(describeInvitation(db, token)).rejects.toMatchObject({ code: "not_found" });

    const expired = await inviteMember(
      db,
      admin,
      { email: "late@example.test", role: "viewer" },
      mail.transport,
    );
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, expired.invitationId));
    await expect(
      acceptInvitationWithPassword(db, { token: mail.lastToken(), password: PASSWORD }),
    ).rejects.toMatchObject({ code: "not_found" });

    const revoked = await inviteMember(
      db,
      admin,
      { email: "gone@example.test", role: "viewer" },
      mail.transport,
    );
    await db
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(eq(invitations.id, revoked.invitationId));
    await expect(
      acceptInvitationWithPassword(db, { token: mail.lastToken(), password: PASSWORD }),
    ).rejects.toMatchObject({ code: "not_found" });

    for (const bogus of ["", "x", `${token}x`, "a".repeat(500)]) {
      await expect(
        acceptInvitationWithPassword(db, { token: bogus, password: PASSWORD }),
      ).rejects.toBeDefined();
      await expect(describeInvitation(db, bogus)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("accepts a link only once when two people race for it", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const mail = capturingTransport("smtp");
    await inviteMember(db, admin, { email: "race@example.test", role: "viewer" }, mail.transport);
    const token = mail.lastToken();
    const results = await Promise.allSettled([
      acceptInvitationWithPassword(db, { token, password: PASSWORD }),
      acceptInvitationWithPassword(db, { token, password: "another-long-password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("does not let the first tenant take over the account a second tenant invites (issue #19.2)", async () => {
    // Tenant A has no mail server: its admin reads the link in the outbox and sets the password.
    const a = await createTenant(db);
    const adminA = await createMember(db, a, "admin");
    const resultA = await inviteMember(
      db,
      adminA,
      { email: "victim@example.test", role: "viewer" },
      outboxTransport,
    );
    expect(resultA).not.toHaveProperty("temporaryPassword");
    const [outboxMail] = await db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, a.id));
    const tokenA = outboxMail?.body.match(/\/invite\/([\w-]+)/)?.[1] ?? "";
    const { userId } = await acceptInvitationWithPassword(db, { token: tokenA, password: PASSWORD });
    const [account] = await db.select().from(users).where(eq(users.id, userId));
    expect(account?.emailVerified).toBe(false);

    // Tenant B invites the same email: the invitation attaches nothing by itself...
    const b = await createTenant(db);
    const adminB = await createMember(db, b, "admin");
    const mailB = capturingTransport("outbox");
    await inviteMember(db, adminB, { email: "victim@example.test", role: "admin" }, mailB.transport);
    expect(await membershipsOf(userId)).toEqual([a.id]);
    // ...cannot be used to reset the password A set...
    await expect(
      acceptInvitationWithPassword(db, { token: mailB.lastToken(), password: "attacker-chosen-pass" }),
    ).rejects.toMatchObject({ code: "conflict" });
    // ...and the unproven account (whose password A knows) cannot accept it.
    await expect(acceptInvitationAsUser(db, { id: userId }, mailB.lastToken())).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await membershipsOf(userId)).toEqual([a.id]);
  });

  it("lets a signed-in account join a second tenant through a mailed link, which proves the address", async () => {
    const a = await createTenant(db);
    const b = await createTenant(db);
    const person = await createMember(db, a, "operator");
    const adminB = await createMember(db, b, "admin");
    const mail = capturingTransport("smtp");
    await inviteMember(db, adminB, { email: person.label, role: "viewer" }, mail.transport);
    const stranger = await createMember(db, b, "viewer");
    await expect(acceptInvitationAsUser(db, { id: stranger.id }, mail.lastToken())).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await acceptInvitationAsUser(db, { id: person.id }, mail.lastToken())).toMatchObject({
      tenantId: b.id,
    });
    expect((await membershipsOf(person.id)).sort()).toEqual([a.id, b.id].sort());
    const [account] = await db.select().from(users).where(eq(users.id, person.id));
    expect(account?.emailVerified).toBe(true);
  });

  it("tells an inviting tenant nothing about an account that exists elsewhere", async () => {
    const a = await createTenant(db);
    const existing = await createMember(db, a, "admin");
    await db.update(users).set({ name: "Secret Name" }).where(eq(users.id, existing.id));
    const b = await createTenant(db);
    const adminB = await createMember(db, b, "admin");
    const known = capturingTransport("smtp");
    const unknown = capturingTransport("smtp");
    const forKnown = await inviteMember(
      db,
      adminB,
      { email: existing.label, role: "viewer" },
      known.transport,
    );
    const forUnknown = await inviteMember(
      db,
      adminB,
      { email: "nobody@example.test", role: "viewer" },
      unknown.transport,
    );
    expect(Object.keys(forKnown).sort()).toEqual(Object.keys(forUnknown).sort());
    expect(JSON.stringify(forKnown)).not.toContain("Secret Name");
    expect(known.sent[0]?.body).not.toContain("Secret Name");
    expect(await describeInvitation(db, known.lastToken())).not.toHaveProperty("name");
    const audit = await db.select().from(auditLog).where(eq(auditLog.tenantId, b.id));
    expect(JSON.stringify(audit)).not.toContain("Secret Name");
    const details = (id: string) => audit.find((e) => e.targetId === id)?.details ?? {};
    expect(details(forKnown.invitationId)).toEqual({
      email: existing.label,
      role: "viewer",
      delivery: "smtp",
    });
    expect(Object.keys(details(forUnknown.invitationId))).toEqual(
      Object.keys(details(forKnown.invitationId)),
    );
    expect(await membershipsOf(existing.id)).toEqual([a.id]);
  });

  it("never lets an outbox link set the password of a deployment operator's address", async () => {
    process.env.FLIGHTDECK_PLATFORM_ADMINS = "operator@platform.test";
    resetEnvCache();
    try {
      const tenant = await createTenant(db);
      const admin = await createMember(db, tenant, "admin");
      await inviteMember(db, admin, { email: "operator@platform.test", role: "viewer" }, outboxTransport);
      const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.tenantId, tenant.id));
      const token = mail?.body.match(/\/invite\/([\w-]+)/)?.[1] ?? "";
      await expect(acceptInvitationWithPassword(db, { token, password: PASSWORD })).rejects.toMatchObject({
        code: "forbidden",
      });
      expect(await db.select().from(users).where(eq(users.email, "operator@platform.test"))).toEqual([]);
    } finally {
      delete process.env.FLIGHTDECK_PLATFORM_ADMINS;
      resetEnvCache();
    }
  });
});
