import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as unknownPath } from "@/app/api/v1/[...path]/route";
import * as keys from "@/app/api/v1/api-keys/route";
import { GET as me } from "@/app/api/v1/me/route";
import * as member from "@/app/api/v1/members/[user_id]/route";
import * as members from "@/app/api/v1/members/route";
import { mailOutbox } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { acceptInvitationWithPassword } from "@/lib/invitations/accept-invitation";
import { apiRoute } from "./api-route";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Route Test Co");
const admin = await createMember(db, tenant, "admin");
const { key: viewerKey } = await createApiKey(db, admin, { name: "viewer key", role: "viewer" });
const { key: adminKey } = await createApiKey(db, admin, { name: "admin key", role: "admin" });

const noParams = { params: Promise.resolve({}) };
const request = (key: string | null, init: RequestInit = {}) =>
  new Request("http://localhost/api/v1/test", {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) },
  });

const echo = apiRoute(
  {
    scope: "members:manage",
    body: z.object({ name: z.string().min(2), count: z.number().int() }),
    maxBodyBytes: 200,
  },
  async ({ body, actor }) => ({ body, tenant: actor.tenantName }),
);
const json = (body: unknown) => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

describe("/api/v1 route handlers", () => {
  it("answers /me with the key's tenant and role", async () => {
    const response = await me(request(viewerKey), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      tenant: { id: tenant.id, name: "Route Test Co" },
      role: "viewer",
    });
  });

  it("answers 401 JSON without a key or with a wrong one", async () => {
    for (const key of [null, "fdk_wrong"]) {
      const response = await me(request(key), noParams);
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
  });

  it("answers 403 when the key's role lacks the scope", async () => {
    const response = await echo(request(viewerKey, json({ name: "ok", count: 1 })), noParams);
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatchObject({ code: "forbidden" });
  });

  it("validates the body: 400 naming the field, 400 for bad JSON, 413 when too large, 415 when not JSON", async () => {
    const ok = await echo(request(adminKey, json({ name: "ok", count: 1 })), noParams);
    expect(await ok.json()).toEqual({ body: { name: "ok", count: 1 }, tenant: "Route Test Co" });

    const invalid = await echo(request(adminKey, json({ name: "ok", count: "many" })), noParams);
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatchObject({ code: "invalid_input", field: "count" });

    const broken = await echo(request(adminKey, { ...json({}), body: "{nope" }), noParams);
    expect(broken.status).toBe(400);

    const large = await echo(request(adminKey, json({ name: "x".repeat(500), count: 1 })), noParams);
    expect(large.status).toBe(413);

    const text = await echo(
      request(adminKey, { method: "POST", body: "hi", headers: { "content-type": "text/plain" } }),
      noParams,
    );
    expect(text.status).toBe(415);
  });

  it("answers unknown API paths with 404 JSON", async () => {
    const response = await unknownPath();
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });
});

describe("members and API keys over HTTP", () => {
  it("lets an admin key invite and change roles, and answers 403 to a viewer key", async () => {
    const invited = await members.POST(
      request(adminKey, json({ email: "api-invite@example.test", role: "viewer" })),
      noParams,
    );
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({
      invitation_id: expect.any(String),
      email: "api-invite@example.test",
      delivery: "outbox",
      expires_at: expect.any(String),
    });
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, "api-invite@example.test"));
    const token = mail?.body.match(/\/invite\/([\w-]+)/)?.[1] ?? "";
    const { userId } = await acceptInvitationWithPassword(db, { token, password: "a-long-password-1" });
    const changed = await member.PATCH(
      request(adminKey, { ...json({ role: "operator" }), method: "PATCH" }),
      {
        params: Promise.resolve({ user_id: userId }),
      },
    );
    expect(await changed.json()).toEqual({ user_id: userId, role: "operator" });

    const denied = await members.POST(
      request(viewerKey, json({ email: "nope@example.test", role: "admin" })),
      noParams,
    );
    expect(denied.status).toBe(403);
    expect((await keys.POST(request(viewerKey, json({ name: "x", role: "admin" })), noParams)).status).toBe(
      403,
    );
    expect((await keys.GET(request(viewerKey), noParams)).status).toBe(403);
    const listed = await members.GET(request(viewerKey), noParams);
    expect((await listed.json()).members).toContainEqual({
      user_id: userId,
      email: "api-invite@example.test",
      name: expect.any(String),
      role: "operator",
      joined_at: expect.any(String),
    });
    const { api_keys } = await (await keys.GET(request(adminKey), noParams)).json();
    expect(api_keys[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      prefix: expect.any(String),
      role: expect.any(String),
      acts_as: expect.any(String),
      purpose: "api",
      created_at: expect.any(String),
      last_used_at: expect.toSatisfy((at: unknown) => at === null || typeof at === "string"),
      revoked_at: null,
    });
  });

  it("answers 400 naming the field for a malformed member id", async () => {
    const response = await member.DELETE(request(adminKey, { method: "DELETE" }), {
      params: Promise.resolve({ user_id: "42" }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.field).toBe("userId");
  });
});
