import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as postApiKey } from "@/app/api/v1/api-keys/route";
import { PATCH as patchMember } from "@/app/api/v1/members/[user_id]/route";
import { GET as getMembers } from "@/app/api/v1/members/route";
import { connect } from "@/db/client";
import { apiKeys, memberships } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { PLATFORM_TOKEN_OPERATOR } from "@/lib/auth/operator";
import { newApiKey } from "@/lib/auth/secrets";
import { changeMemberRole, listMembers, removeMember } from "@/lib/members/members";
import { updateTenant } from "@/lib/platform/tenants";
import { authenticateApiKey, createApiKey, insertApiKey, listApiKeys, revokeApiKey } from "./api-keys";

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

describe("an API key and its creator", () => {
  const call = (
    handler: (request: Request, context: { params: Promise<never> }) => Promise<Response>,
    key: string,
    init: { method?: string; body?: unknown; params?: Record<string, string> } = {},
  ) =>
    handler(
      new Request("http://localhost/api/v1/x", {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      }),
      { params: Promise.resolve((init.params ?? {}) as never) },
    );
  const makeSelfAdmin = (key: string, userId: string) =>
    call(patchMember, key, { method: "PATCH", body: { role: "admin" }, params: { user_id: userId } });
  const actsAs = async (admin: Awaited<ReturnType<typeof createMember>>, id: string) =>
    (await listApiKeys(db, admin)).find((k) => k.id === id)?.actsAs;

  it("acts with at most its creator's current role: a demoted admin's admin key reads as a viewer", async () => {
    const tenant = await createTenant(db);
    const creator = await createMember(db, tenant, "admin");
    const otherAdmin = await createMember(db, tenant, "admin");
    const { id, key } = await createApiKey(db, creator, { name: "mine", role: "admin" });
    const { key: viewerKey } = await createApiKey(db, creator, { name: "reader", role: "viewer" });

    await changeMemberRole(db, otherAdmin, { userId: creator.id, role: "viewer" });
    expect(await authenticateApiKey(db, key)).toMatchObject({ role: "viewer" });
    const refused = await makeSelfAdmin(key, creator.id);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toMatch(/viewer.*members:manage/);
    expect((await call(getMembers, key)).status).toBe(200);
    expect(await actsAs(otherAdmin, id)).toBe("viewer");
    const [member] = (await listMembers(db, otherAdmin)).filter((m) => m.userId === creator.id);
    expect(member?.role).toBe("viewer");

    // Promoted again: the key works again, up to its own role and never past it.
    await changeMemberRole(db, otherAdmin, { userId: creator.id, role: "operator" });
    expect(await authenticateApiKey(db, key)).toMatchObject({ role: "operator" });
    await changeMemberRole(db, otherAdmin, { userId: creator.id, role: "admin" });
    expect(await authenticateApiKey(db, key)).toMatchObject({ role: "admin" });
    expect(await authenticateApiKey(db, viewerKey)).toMatchObject({ role: "viewer" });
    expect((await makeSelfAdmin(key, creator.id)).status).toBe(200);
    expect(await actsAs(otherAdmin, id)).toBe("admin");
  });

  it("is refused as an unknown key (401) once its creator is removed from the tenant, and works when they return", async () => {
    const tenant = await createTenant(db);
    const creator = await createMember(db, tenant, "admin");
    const otherAdmin = await createMember(db, tenant, "admin");
    const { id, key } = await createApiKey(db, creator, { name: "mine", role: "admin" });
    const { key: ingestKey } = await createApiKey(db, creator, { name: "collector", purpose: "ingest" });
    expect((await call(getMembers, key)).status).toBe(200);

    await removeMember(db, otherAdmin, { userId: creator.id });
    expect(await authenticateApiKey(db, key)).toBeNull();
    expect(await authenticateApiKey(db, ingestKey, "ingest")).toBeNull();
    const refused = await makeSelfAdmin(key, creator.id);
    expect(refused.status).toBe(401);
    const unknown = await call(getMembers, `${key}x`);
    expect(await refused.json()).toEqual(await unknown.json());
    expect(await actsAs(otherAdmin, id)).toBeNull();

    await db.insert(memberships).values({ tenantId: tenant.id, userId: creator.id, role: "operator" });
    expect(await authenticateApiKey(db, key)).toMatchObject({ role: "operator" });
  });

  it("made with another key, answers to the person behind that key", async () => {
    const tenant = await createTenant(db);
    const creator = await createMember(db, tenant, "admin");
    const otherAdmin = await createMember(db, tenant, "admin");
    const { key } = await createApiKey(db, creator, { name: "automation", role: "admin" });
    const made = await call(postApiKey, key, { method: "POST", body: { name: "minted", role: "admin" } });
    expect(made.status).toBe(201);
    const minted = (await made.json()) as { id: string; key: string };
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, minted.id));
    expect(row?.createdBy).toBe(creator.id);

    await changeMemberRole(db, otherAdmin, { userId: creator.id, role: "viewer" });
    expect(await authenticateApiKey(db, minted.key)).toMatchObject({ role: "viewer" });
    await removeMember(db, otherAdmin, { userId: creator.id });
    expect(await authenticateApiKey(db, minted.key)).toBeNull();
  });

  it("keeps its own role when no person created it (the deployment's initial key)", async () => {
    const tenant = await createTenant(db);
    const key = newApiKey();
    await insertApiKey(db, {
      tenantId: tenant.id,
      name: "initial admin key",
      role: "admin",
      key,
      createdBy: null,
    });
    expect(await authenticateApiKey(db, key)).toMatchObject({ role: "admin" });
  });

  it("is held to its creator's new role by every process within moments", async () => {
    const tenant = await createTenant(db);
    const creator = await createMember(db, tenant, "admin");
    const otherAdmin = await createMember(db, tenant, "admin");
    const { key } = await createApiKey(db, creator, { name: "busy", role: "admin" });
    const elsewhere = connect(database.url, { max: 2 });
    try {
      expect(await authenticateApiKey(elsewhere.db, key)).toMatchObject({ role: "admin" });
      await changeMemberRole(db, otherAdmin, { userId: creator.id, role: "viewer" });
      await expect
        .poll(async () => (await authenticateApiKey(elsewhere.db, key))?.role, { timeout: 1_000 })
        .toBe("viewer");
      await removeMember(db, otherAdmin, { userId: creator.id });
      await expect.poll(() => authenticateApiKey(elsewhere.db, key), { timeout: 1_000 }).toBeNull();
    } finally {
      await elsewhere.close();
    }
  });
});
