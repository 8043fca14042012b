import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as item from "@/app/api/v1/playbooks/[id]/route";
import * as list from "@/app/api/v1/playbooks/route";
import { agents, auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { createPlaybook, updatePlaybook } from "./edit-playbook";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Playbook API Co");
await seedDemoBusiness(db, tenant.id);
const admin = await createMember(db, tenant, "admin");
const keyOf = async (role: "viewer" | "operator" | "admin") =>
  (await createApiKey(db, admin, { name: `${role} key`, role })).key;
const [viewerKey, operatorKey, adminKey] = [
  await keyOf("viewer"),
  await keyOf("operator"),
  await keyOf("admin"),
];
const other = await createTenant(db);
const strangerKey = (
  await createApiKey(db, await createMember(db, other, "admin"), { name: "stranger", role: "admin" })
).key;
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
const call = (
  handler: Handler,
  key: string,
  init: { id?: string; method?: string; body?: unknown; raw?: string } = {},
) =>
  handler(
    new Request("http://localhost/api/v1/playbooks", {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    }),
    { params: Promise.resolve({ id: init.id ?? "" }) as Promise<never> },
  );

const tone = { name: "Tone", instructions: "Answer in two sentences at most.", tags: ["support", "Ops"] };

describe("/api/v1/playbooks", () => {
  it("lets an admin create, edit and delete a playbook; each save is a version with its writer, audited", async () => {
    const created = await call(list.POST, adminKey, { method: "POST", body: tone });
    expect(created.status).toBe(201);
    const playbook = await created.json();
    expect(playbook).toMatchObject({ name: "Tone", tags: ["support", "ops"], version: 1 });
    expect(playbook.agents.map((a: { name: string }) => a.name)).toEqual([
      "ops-health",
      "support-lead",
      "support-triage",
    ]);

    const edited = await call(item.PUT, adminKey, {
      id: playbook.id,
      method: "PUT",
      body: { ...tone, instructions: "Answer in one sentence.", expected_version: 1 },
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ version: 2, instructions: "Answer in one sentence." });

    const stale = await call(item.PUT, adminKey, {
      id: playbook.id,
      method: "PUT",
      body: { ...tone, expected_version: 1 },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "conflict", version: 2 });

    const unchanged = await call(item.PUT, adminKey, {
      id: playbook.id,
      method: "PUT",
      body: { ...tone, instructions: "Answer in one sentence.", expected_version: 2 },
    });
    expect((await unchanged.json()).version).toBe(2);

    expect((await call(item.DELETE, adminKey, { id: playbook.id, method: "DELETE" })).status).toBe(200);
    const listed = await (await call(list.GET, viewerKey)).json();
    expect(listed.playbooks.map((p: { id: string }) => p.id)).not.toContain(playbook.id);
    const detail = await (await call(item.GET, viewerKey, { id: playbook.id })).json();
    expect(detail.playbook.deleted_at).not.toBeNull();
    expect(
      detail.versions.map((v: { version: number; deleted: boolean; written_by: string }) => [
        v.version,
        v.deleted,
      ]),
    ).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(detail.versions[0].written_by).toBe("API key admin key");
    expect(
      (
        await call(item.PUT, adminKey, {
          id: playbook.id,
          method: "PUT",
          body: { ...tone, expected_version: 3 },
        })
      ).status,
    ).toBe(404);
    const audited = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.targetId, playbook.id)));
    expect(audited.map((a) => a.action).sort()).toEqual([
      "playbook.created",
      "playbook.deleted",
      "playbook.updated",
    ]);
    // The name is free again once its playbook is deleted.
    expect((await call(list.POST, adminKey, { method: "POST", body: tone })).status).toBe(201);
  });

  it("refuses bad input with the field, a taken name, and writes by operators and viewers", async () => {
    const bad = async (body: unknown) =>
      (await (await call(list.POST, adminKey, { method: "POST", body })).json()).error;
    expect(await bad({ ...tone, name: "" })).toMatchObject({ code: "invalid_input", field: "name" });
    expect(await bad({ ...tone, tags: [] })).toMatchObject({ code: "invalid_input", field: "tags" });
    expect(await bad({ ...tone, tags: ["no spaces"] })).toMatchObject({ field: "tags" });
    expect(await bad({ ...tone, instructions: "x".repeat(8001) })).toMatchObject({ field: "instructions" });
    const nul = await call(list.POST, adminKey, {
      method: "POST",
      raw: JSON.stringify({ ...tone, name: "Bad" }).replace("two", "t\\u0000wo"),
    });
    expect(nul.status).toBe(400);
    await createPlaybook(db, admin, { ...tone, name: "Taken" });
    expect(await bad({ ...tone, name: "Taken" })).toMatchObject({ code: "conflict", field: "name" });
    expect((await call(list.POST, operatorKey, { method: "POST", body: tone })).status).toBe(403);
    expect((await call(list.POST, viewerKey, { method: "POST", body: tone })).status).toBe(403);
    expect((await call(list.GET, viewerKey)).status).toBe(200);
  });

  it("answers 404 for another tenant's playbook and for an id that is not one", async () => {
    const mine = await createPlaybook(db, admin, { ...tone, name: "Mine" });
    expect((await call(item.GET, strangerKey, { id: mine.id })).status).toBe(404);
    expect((await call(item.DELETE, strangerKey, { id: mine.id, method: "DELETE" })).status).toBe(404);
    expect(
      (
        await call(item.PUT, strangerKey, {
          id: mine.id,
          method: "PUT",
          body: { ...tone, expected_version: 1 },
        })
      ).status,
    ).toBe(404);
    expect((await call(item.GET, adminKey, { id: "not-an-id" })).status).toBe(404);
    const theirs = await (await call(list.GET, strangerKey)).json();
    expect(theirs.playbooks).toEqual([]);
  });
});
