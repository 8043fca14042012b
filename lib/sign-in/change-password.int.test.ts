import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changeOwnPassword } from "./change-password";

const { db } = await createTestDatabase();

describe("changing one's own password", () => {
  it("needs the current password, a new one of 12 characters, and is audited", async () => {
    const tenant = await createTenant(db);
    const member = await createMember(db, tenant, "viewer");
    await db
      .update(users)
      .set({ passwordHash: await hashPassword("the-old-password") })
      .where(eq(users.id, member.id));
    await expect(
      changeOwnPassword(db, member, {
        currentPassword: "wrong-password",
        newPassword: "a-brand-new-password",
      }),
    ).rejects.toMatchObject({ code: "invalid_input", field: "currentPassword" });
    await expect(
      changeOwnPassword(db, member, { currentPassword: "the-old-password", newPassword: "short" }),
    ).rejects.toThrow(/12 characters/);
    await changeOwnPassword(db, member, {
      currentPassword: "the-old-password",
      newPassword: "a-brand-new-password",
    });
    const [user] = await db.select().from(users).where(eq(users.id, member.id));
    expect(await verifyPassword(user?.passwordHash ?? "", "a-brand-new-password")).toBe(true);
    expect(await verifyPassword(user?.passwordHash ?? "", "the-old-password")).toBe(false);
    const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, member.id));
    expect(audit.map((a) => a.action)).toContain("account.password_changed");
  });

  it("refuses API keys and accounts without a password", async () => {
    const tenant = await createTenant(db);
    const member = await createMember(db, tenant, "admin");
    const input = { currentPassword: "anything-at-all", newPassword: "a-brand-new-password" };
    await expect(changeOwnPassword(db, { ...member, kind: "api_key" }, input)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(changeOwnPassword(db, member, input)).rejects.toMatchObject({ code: "invalid_input" });
  });
});
