import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, memberships, userIdentities, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  acceptInvitationAsUser,
  acceptInvitationWithPassword,
  describeInvitation,
} from "@/lib/invitations/accept-invitation";
import { capturingTransport } from "@/lib/invitations/testing";
import { resetMemberSignIn } from "./reset-sign-in";

const { db } = await createTestDatabase();

async function memberWithPassword(tenant: { id: string; name: string }) {
  const member = await createMember(db, tenant, "operator");
  await db
    .update(users)
    .set({ passwordHash: await hashPassword("the-old-password"), emailVerified: true })
    .where(eq(users.id, member.id));
  await db
    .insert(userIdentities)
    .values({ issuer: "https://idp.test", subject: member.id, userId: member.id });
  return member;
}

describe("an admin resets a member's sign-in", () => {
  it("removes the password and SSO link and mails a single-use link to choose a new one", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const member = await memberWithPassword(tenant);
    const mail = capturingTransport("smtp");
    await resetMemberSignIn(db, admin, { userId: member.id }, mail.transport);
    expect(mail.sent[0]?.to).toBe(member.label);
    const [cleared] = await db.select().from(users).where(eq(users.id, member.id));
    expect(cleared?.passwordHash).toBeNull();
    expect(await db.select().from(userIdentities).where(eq(userIdentities.userId, member.id))).toEqual([]);
    expect(await describeInvitation(db, mail.lastToken())).toMatchObject({ purpose: "reset" });
    await expect(acceptInvitationAsUser(db, { id: member.id }, mail.lastToken())).rejects.toMatchObject({
      code: "invalid_input",
    });
    await acceptInvitationWithPassword(db, { token: mail.lastToken(), password: "the-new-password" });
    const [reset] = await db.select().from(users).where(eq(users.id, member.id));
    expect(await verifyPassword(reset?.passwordHash ?? "", "the-new-password")).toBe(true);
    await expect(
      acceptInvitationWithPassword(db, { token: mail.lastToken(), password: "a-third-password" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, member.id));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["member.sign_in_reset", "member.password_set"]),
    );
  });

  it("without a mail server, refuses an account that also belongs to another tenant", async () => {
    const a = await createTenant(db);
    const b = await createTenant(db);
    const adminB = await createMember(db, b, "admin");
    const shared = await memberWithPassword(a);
    await db.insert(memberships).values({ tenantId: b.id, userId: shared.id, role: "viewer" });
    const outbox = capturingTransport("outbox");
    await expect(
      resetMemberSignIn(db, adminB, { userId: shared.id }, outbox.transport),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const [untouched] = await db.select().from(users).where(eq(users.id, shared.id));
    expect(await verifyPassword(untouched?.passwordHash ?? "", "the-old-password")).toBe(true);
    expect(outbox.sent).toEqual([]);

    // An account of this tenant alone can be reset so, and stays unproven (confined) afterwards.
    const own = await memberWithPassword(b);
    await resetMemberSignIn(db, adminB, { userId: own.id }, outbox.transport);
    await acceptInvitationWithPassword(db, { token: outbox.lastToken(), password: "the-new-password" });
    const [after] = await db.select().from(users).where(eq(users.id, own.id));
    expect(after?.emailVerified).toBe(false);
  });

  it("refuses members of other tenants, non-admins and oneself", async () => {
    const mine = await createTenant(db);
    const admin = await createMember(db, mine, "admin");
    const operator = await createMember(db, mine, "operator");
    const stranger = await memberWithPassword(await createTenant(db));
    const mail = capturingTransport("smtp").transport;
    await expect(resetMemberSignIn(db, admin, { userId: stranger.id }, mail)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(resetMemberSignIn(db, operator, { userId: admin.id }, mail)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(resetMemberSignIn(db, admin, { userId: admin.id }, mail)).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
