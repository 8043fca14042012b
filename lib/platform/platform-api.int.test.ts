import { afterAll, describe, expect, it } from "vitest";
import { PATCH } from "@/app/api/v1/platform/tenants/[id]/route";
import { GET, POST } from "@/app/api/v1/platform/tenants/route";
import { createMember, createTenant as createTestTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { resetEnvCache } from "@/lib/env";

const { db } = await createTestDatabase();
const TOKEN = "platform-token-for-tests-0123456789abcdef";
process.env.FLIGHTDECK_PLATFORM_TOKEN = TOKEN;
resetEnvCache();
afterAll(() => {
  delete process.env.FLIGHTDECK_PLATFORM_TOKEN;
  resetEnvCache();
});

const base = "http://flightdeck.test/api/v1/platform/tenants";
const call = (bearer: string | null, init: RequestInit & { url?: string } = {}) =>
  new Request(init.url ?? base, {
    ...init,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
  });
const noParams = { params: Promise.resolve({}) } as never;

describe("the platform API", () => {
  it("answers the platform token only: a tenant's admin key is forbidden, anything else unauthenticated", async () => {
    const tenant = await createTestTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const { key } = await createApiKey(db, admin, { name: "admin key", role: "admin" });
    expect((await GET(call(null), noParams)).status).toBe(401);
    expect((await GET(call("not-the-token"), noParams)).status).toBe(401);
    const forbidden = await GET(call(key), noParams);
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(await forbidden.json())).not.toContain(tenant.name);
    const listed = await GET(call(TOKEN), noParams);
    expect(listed.status).toBe(200);
    expect((await listed.json()).tenants.map((t: { id: string }) => t.id)).toContain(tenant.id);
  });

  it("creates, renames, suspends and resumes; bad input is a 4xx with the field named", async () => {
    const created = await POST(
      call(TOKEN, {
        method: "POST",
        body: JSON.stringify({ name: "Hooli", admin_email: "gavin@hooli.test" }),
      }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { tenant, invitation } = await created.json();
    expect(invitation).toMatchObject({ email: "gavin@hooli.test", expires_at: expect.any(String) });
    expect(tenant).toMatchObject({ name: "Hooli", created_at: expect.any(String), suspended_at: null });
    const again = await POST(
      call(TOKEN, {
        method: "POST",
        body: JSON.stringify({ name: "Hooli", admin_email: "gavin@hooli.test" }),
      }),
      noParams,
    );
    expect(again.status).toBe(409);
    const bad = await POST(
      call(TOKEN, { method: "POST", body: JSON.stringify({ name: "H\u0000", admin_email: "x" }) }),
      noParams,
    );
    expect(bad.status).toBe(400);

    const at = (id: string) => ({ params: Promise.resolve({ id }) }) as never;
    const url = `${base}/${tenant.id}`;
    const patch = (body: unknown) => call(TOKEN, { url, method: "PATCH", body: JSON.stringify(body) });
    expect((await PATCH(patch({ name: "Hooli XYZ" }), at(tenant.id))).status).toBe(200);
    const suspended = await PATCH(patch({ suspended: true, reason: "terms breach" }), at(tenant.id));
    expect((await suspended.json()).tenant).toMatchObject({
      name: "Hooli XYZ",
      suspended_reason: "terms breach",
      suspended_at: expect.any(String),
    });
    expect((await PATCH(patch({ suspended: true }), at(tenant.id))).status).toBe(400);
    expect((await PATCH(patch({ suspended: false }), at(tenant.id))).status).toBe(200);
    expect((await PATCH(patch({ name: "Other" }), at("nope"))).status).toBe(404);
  });
});
