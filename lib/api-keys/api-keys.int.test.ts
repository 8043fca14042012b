import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

const { db } = await createTestDatabase();

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
