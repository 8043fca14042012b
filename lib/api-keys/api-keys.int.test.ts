import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connect } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { PLATFORM_TOKEN_OPERATOR } from "@/lib/auth/operator";
import { updateTenant } from "@/lib/platform/tenants";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

const database = await createTestDatabase();
const { db } = database;

describe("API keys", () => {
  it("stores only a hash, authenticates with the plain key, and stops at revocation", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const { id, key } = await createApiKey(db, admin, { name: "ci", role: "operator" });
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(key);

    const actor = await authenticateApiKey(db, key);
    expect(actor).toMatchObject({
      kind: "api_key",
      tenantId: tenant.id,
      role: "operator",
      tenantName: tenant.name,
    });
    expect(await authenticateApiKey(db, `${key}x`)).toBeNull();

    await revokeApiKey(db, admin, { id });
    expect(await authenticateApiKey(db, key)).toBeNull();
    await expect(revokeApiKey(db, admin, { id })).rejects.toMatchObject({ code: "not_found" });
    const [listed] = await listApiKeys(db, admin);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
  });

  it("is refused by every process within moments of its revocation or its tenant's suspension", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const { id, key } = await createApiKey(db, admin, { name: "busy", role: "operator" });
    // Another server process, which has the key's row at hand from its last request.
    const elsewhere = connect(database.url, { max: 2 });
    try {
      expect(await authenticateApiKey(elsewhere.db, key)).toMatchObject({ tenantId: tenant.id });
      await updateTenant(db, PLATFORM_TOKEN_OPERATOR, tenant.id, { suspended: true, reason: "unpaid" });
      await expect.poll(() => authenticateApiKey(elsewhere.db, key).catch((e) => e.code)).toBe("forbidden");
      await updateTenant(db, PLATFORM_TOKEN_OPERATOR, tenant.id, { suspended: false });
      await expect.poll(() => authenticateApiKey(elsewhere.db, key)).not.toBeNull();
      await revokeApiKey(db, admin, { id });
      // Well within the few seconds a copy is kept without notifications.
      await expect.poll(() => authenticateApiKey(elsewhere.db, key), { timeout: 1_000 }).toBeNull();
    } finally {
      await elsewhere.close();
    }
  });

  it("is managed by admins only, within their own tenant", async () => {
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const operator = await createMember(db, tenant, "operator");
    const otherAdmin = await createMember(db, other, "admin");
    await expect(createApiKey(db, operator, { name: "x", role: "admin" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const { id } = await createApiKey(db, admin, { name: "mine", role: "viewer" });
    await expect(revokeApiKey(db, otherAdmin, { id })).rejects.toMatchObject({ code: "not_found" });
    expect(await listApiKeys(db, otherAdmin)).toEqual([]);
    await expect(createApiKey(db, admin, { name: " ", role: "viewer" })).rejects.toThrow(/name/);
  });
});
