import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, userIdentities, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { capturingTransport } from "@/lib/invitations/testing";
import { inviteMember } from "@/lib/members/members";
import { resolveOidcUser } from "./oidc-sign-in";
import { linkIdentity } from "./sso-link";

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
  it("links an identity only to the account that asked, and never moves it", async () => {
    const tenant = await createTenant(db);
    const owner = await createMember(db, tenant, "admin");
    const other = await createMember(db, tenant, "viewer");
    await linkIdentity(db, owner.id, ISSUER, "linked-sub");
    await linkIdentity(db, owner.id, ISSUER, "linked-sub");
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "linked-sub", emailVerified: true })).toBe(
      owner.id,
    );
    await expect(linkIdentity(db, other.id, ISSUER, "linked-sub")).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await resolveOidcUser(db, { issuer: ISSUER, subject: "linked-sub", emailVerified: true })).toBe(
      owner.id,
    );
  });
});
