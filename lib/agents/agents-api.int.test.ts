import { describe, expect, it } from "vitest";
import * as agent from "@/app/api/v1/agents/[id]/route";
import * as agents from "@/app/api/v1/agents/route";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Agents API Co");
await seedDemoBusiness(db, tenant.id);
const admin = await createMember(db, tenant, "admin");
const { key: viewerKey } = await createApiKey(db, admin, { name: "viewer key", role: "viewer" });
const { key: adminKey } = await createApiKey(db, admin, { name: "admin key", role: "admin" });
const other = await createTenant(db);
await seedDemoBusiness(db, other.id);
const { key: strangerKey } = await createApiKey(db, await createMember(db, other, "admin"), {
  name: "stranger key",
  role: "admin",
});

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
const request = (key: string, body?: unknown) =>
  new Request("http://localhost/api/v1/agents", {
    method: body === undefined ? "GET" : "PATCH",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function triageId(key: string): Promise<string> {
  const response = await agents.GET(request(key), noParams);
  expect(response.status).toBe(200);
  const { agents: list } = await response.json();
  return list.find((a: { name: string }) => a.name === "support-triage").id;
}

describe("/api/v1/agents", () => {
  it("lists the key's tenant's agents to any role, without instructions", async () => {
    const response = await agents.GET(request(viewerKey), noParams);
    const { agents: list } = await response.json();
    expect(list.map((a: { name: string }) => a.name)).toEqual([
      "ops-health",
      "refund-workflow",
      "support-lead",
      "support-triage",
    ]);
    expect(list[0]).toMatchObject({
      model: "sim:default",
      simulated: true,
      max_steps: 30,
      version: 1,
      workflow: null,
    });
    expect(list[1]).toMatchObject({ workflow: "refund" });
    expect(list[0]).not.toHaveProperty("instructions");
  });

  it("reads one agent, and answers 404 for another tenant's or a malformed id", async () => {
    const id = await triageId(viewerKey);
    const found = await agent.GET(request(viewerKey), withId(id));
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      id,
      name: "support-triage",
      instructions: expect.any(String),
    });
    for (const [key, which] of [
      [strangerKey, id],
      [adminKey, "42"],
    ] as const) {
      const missing = await agent.GET(request(key), withId(which));
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe("not_found");
    }
  });

  it("answers PATCH with 403 to a viewer key and 200 to an admin key, then 409 to a stale version", async () => {
    const id = await triageId(adminKey);
    const denied = await agent.PATCH(request(viewerKey, { expected_version: 1, max_steps: 25 }), withId(id));
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("forbidden");

    const saved = await agent.PATCH(request(adminKey, { expected_version: 1, max_steps: 25 }), withId(id));
    expect(saved.status).toBe(200);
    expect(saved.headers.get("deprecation")).toBeNull();
    expect(await saved.json()).toMatchObject({ id, max_steps: 25, version: 2, changed: ["max_steps"] });

    const stale = await agent.PATCH(request(adminKey, { expected_version: 1, max_steps: 26 }), withId(id));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "conflict", field: "expected_version" });
  });

  it("answers 400 naming the field for an invalid body, and 404 for another tenant's agent", async () => {
    const id = await triageId(adminKey);
    const invalid = await agent.PATCH(
      request(adminKey, { expected_version: 2, tools: ["nope"] }),
      withId(id),
    );
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatchObject({ code: "invalid_input", field: "tools" });

    const foreign = await agent.PATCH(
      request(strangerKey, { expected_version: 1, max_steps: 5 }),
      withId(id),
    );
    expect(foreign.status).toBe(404);

    const wrongType = await agent.PATCH(
      request(adminKey, { expected_version: 2, max_steps: "many" }),
      withId(id),
    );
    expect((await wrongType.json()).error).toMatchObject({ code: "invalid_input", field: "max_steps" });
  });

  it("still acts on the previous release's camelCase fields, and says they are deprecated", async () => {
    const id = await triageId(adminKey);
    const { version } = await (await agent.GET(request(adminKey), withId(id))).json();
    const saved = await agent.PATCH(
      request(adminKey, { expectedVersion: version, maxSteps: 12, requiredEvidence: [] }),
      withId(id),
    );
    expect(saved.status).toBe(200);
    expect(saved.headers.get("deprecation")).toBe("true");
    expect(saved.headers.get("link")).toBe(
      '</api/v1/openapi.json>; rel="deprecation"; type="application/json"',
    );
    expect(await saved.json()).toMatchObject({ id, max_steps: 12, version: version + 1 });
    // A refusal of an old-style request names the field as the API does now, and is marked too.
    const stale = await agent.PATCH(
      request(adminKey, { expectedVersion: version, maxSteps: 13 }),
      withId(id),
    );
    expect(stale.status).toBe(409);
    expect(stale.headers.get("deprecation")).toBe("true");
    expect((await stale.json()).error.field).toBe("expected_version");
  });
});
