import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, userIdentities, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { hashPassword } from "@/lib/auth/password";
import { revokeSessions, sessionVersionOf } from "@/lib/auth/session-version";
import { capturingTransport } from "@/lib/invitations/testing";
import { inviteMember } from "@/lib/members/members";
import { resolveOidcUser } from "./oidc-sign-in";
import { linkIdentity, signInMethods, startSsoLink, unlinkIdentity } from "./sso-link";

const { db } = await createTestDatabase();
const ISSUER = "https://idp.example.test";

describe("single sign-on", () => {
  it("never signs into an existing password account by email, verified or not (issue #19.3)", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    for (const emailVerified of [false, "true", undefined, true]) {
      expect(
        await resolveOidcUser(db, { issuer: ISSUER, subject: "attacker", email: admin.label, emailVerified }),
      ).toBeNull();
    }
    expect(await db.select().from(userIdentities).where(eq(userIdentities.userId, admin.id))).toEqual([]);
  });

  it("signs in an identity linked to an account by issuer and subject, and only that", async () => {
    const tenant = await createTenant(db);
    const member = await createMember(db, tenant, "operator");
    await db.insert(userIdentities).values({ issuer: ISSUER, subject: "sub-1", userId: member.id });
    const verified = { emailVerified: true, email: member.label };
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "sub-1", ...verified })).toBe(member.id);
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "sub-1", emailVerified: false })).toBeNull();
    expect(
      await resolveOidcUser(db, { issuer: "https://other-idp.test", subject: "sub-1", ...verified }),
    ).toBeNull();
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "sub-2", ...verified })).toBeNull();
  });

  it("lets a new person with a verified email accept their invitation, linked to the identity", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    await inviteMember(
      db,
      admin,
      { email: "sso.new@example.test", role: "operator" },
      capturingTransport().transport,
    );
    const claims = { issuer: ISSUER, subject: "sso-new", email: "SSO.New@example.test", name: "New" };
    expect(await resolveOidcUser(db, { ...claims, emailVerified: false })).toBeNull();
    expect(await db.select().from(users).where(eq(users.email, "sso.new@example.test"))).toEqual([]);
    const userId = await resolveOidcUser(db, { ...claims, emailVerified: true });
    expect(userId).toBeTruthy();
    const [account] = await db
      .select()
      .from(users)
      .where(eq(users.id, userId ?? ""));
    expect(account).toMatchObject({ emailVerified: true, passwordHash: null });
    expect(
      await db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, userId ?? "")),
    ).toMatchObject([{ tenantId: tenant.id, role: "operator" }]);
    // The invitation is used: the same identity signs in by its link, a new one gets nothing.
    expect(await resolveOidcUser(db, { ...claims, emailVerified: true })).toBe(userId);
    expect(await resolveOidcUser(db, { ...claims, subject: "someone-else", emailVerified: true })).toBeNull();
  });

  it("refuses a verified email with no invitation", async () => {
    expect(
      await resolveOidcUser(db, {
        issuer: ISSUER,
        subject: "walk-in",
        email: "walk-in@example.test",
        emailVerified: true,
      }),
    ).toBeNull();
  });
});

describe("linking single sign-on to an account", () => {
  const intentOf = async (userId: string) => ({
    userId,
    sessionVersion: (await sessionVersionOf(db, userId)) ?? 0,
  });

  it("links an identity only to the account that asked, and never moves it", async () => {
    const tenant = await createTenant(db);
    const owner = await createMember(db, tenant, "admin");
    const other = await createMember(db, tenant, "viewer");
    await linkIdentity(db, await intentOf(owner.id), ISSUER, "linked-sub");
    await linkIdentity(db, await intentOf(owner.id), ISSUER, "linked-sub");
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "linked-sub", emailVerified: true })).toBe(
      owner.id,
    );
    await expect(linkIdentity(db, await intentOf(other.id), ISSUER, "linked-sub")).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "linked-sub", emailVerified: true })).toBe(
      owner.id,
    );
  });

  it("asks for the password first, and a link asked for in a session that has since ended links nothing", async () => {
    const tenant = await createTenant(db);
    const member = await createMember(db, tenant, "operator");
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("the member's own password") })
      .where(eq(users.id, member.id));
    const version = (await sessionVersionOf(db, member.id)) ?? 0;
    await expect(startSsoLink(db, member, version, { currentPassword: "a guess" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const intent = await startSsoLink(db, member, version, { currentPassword: "the member's own password" });
    expect(intent).toEqual({ userId: member.id, sessionVersion: version });
    // Signed out everywhere (or the password changed) before the sign-in came back: the link is void.
    await revokeSessions(db, member.id);
    await expect(linkIdentity(db, intent, ISSUER, "late-sub")).rejects.toMatchObject({
      code: "unauthenticated",
    });
    expect(
      await resolveOidcUser(db, { issuer: ISSUER, subject: "late-sub", emailVerified: true }),
    ).toBeNull();
  });

  it("shows a person the identities that open their account, and lets them unlink one", async () => {
    const tenant = await createTenant(db);
    const member = await createMember(db, tenant, "viewer");
    const stranger = await createMember(db, tenant, "admin");
    await linkIdentity(db, await intentOf(member.id), ISSUER, "mine");
    expect((await signInMethods(db, member.id)).identities).toMatchObject([
      { issuer: ISSUER, subject: "mine" },
    ]);
    await expect(unlinkIdentity(db, stranger, { issuer: ISSUER, subject: "mine" })).rejects.toMatchObject({
      code: "not_found",
    });
    await unlinkIdentity(db, member, { issuer: ISSUER, subject: "mine" });
    expect(await signInMethods(db, member.id)).toEqual({ hasPassword: false, identities: [] });
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "mine", emailVerified: true })).toBeNull();
  });
});
