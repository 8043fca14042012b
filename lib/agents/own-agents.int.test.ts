import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as agentRoute from "@/app/api/v1/agents/[id]/route";
import * as unarchiveRoute from "@/app/api/v1/agents/[id]/unarchive/route";
import * as restoreRoute from "@/app/api/v1/agents/[id]/versions/[version]/restore/route";
import * as versionRoute from "@/app/api/v1/agents/[id]/versions/[version]/route";
import * as versionsRoute from "@/app/api/v1/agents/[id]/versions/route";
import * as agentsRoute from "@/app/api/v1/agents/route";
import { auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { startRun } from "@/lib/runs/start-run";

const { db } = await createTestDatabase();
// An empty tenant: no demo agents, as a team that brings its own.
const tenant = await createTenant(db, "Own Agents Co");
const admin = await createMember(db, tenant, "admin");
const operator = await createMember(db, tenant, "operator");
const { key: adminKey } = await createApiKey(db, admin, { name: "admin", role: "admin" });
const { key: operatorKey } = await createApiKey(db, admin, { name: "operator", role: "operator" });
const demo = await createTenant(db, "Demo Co");
await seedDemoBusiness(db, demo.id);
const demoAdmin = await createMember(db, demo, "admin");
const { key: demoKey } = await createApiKey(db, demoAdmin, { name: "demo", role: "admin" });

const call = (method: string, key: string, body?: unknown) =>
  new Request("http://localhost/api/v1/agents", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const create = (body: unknown, key = adminKey) => agentsRoute.POST(call("POST", key, body), params({}));

const billing = {
  name: "billing-helper",
  description: "Answers billing questions",
  model: "sim:default",
  instructions: "Look the order up, then answer.",
  tools: ["get_order", "search_kb"],
  comment: "First cut",
};

describe("creating agents", () => {
  it("creates an agent in an empty tenant at version 1, in dry run, with its comment kept", async () => {
    const response = await create(billing);
    expect(response.status).toBe(201);
    const agent = await response.json();
    expect(response.headers.get("location")).toBe(`/api/v1/agents/${agent.id}`);
    expect(agent).toMatchObject({ name: "billing-helper", version: 1, dry_run: true, max_steps: 30 });
    const versions = await (await versionsRoute.GET(call("GET", adminKey), params({ id: agent.id }))).json();
    expect(versions.versions).toEqual([
      expect.objectContaining({
        version: 1,
        comment: "First cut",
        created_by: expect.stringContaining("admin"),
      }),
    ]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "agent.created"));
    expect(audit?.details).toMatchObject({ agent: "billing-helper", dryRun: true });
    // It can be run at once.
    const run = await startRun(db, operator, { agent: "billing-helper", input: "Where is order O-1001?" });
    expect(run.dryRun).toBe(true);
  });

  it("refuses bad input with a clear error naming the field, and creates nothing", async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ ...billing, name: "billing-helper" }, 409, /already exists/],
      [{ ...billing, name: "has space" }, 400, /letters, digits/],
      [{ ...billing, name: "x".repeat(65) }, 400, /up to 64/],
      [{ ...billing, name: "other", model: "nobody:thing" }, 400, /provider/i],
      [{ ...billing, name: "other", router_model: "nobody:thing" }, 400, /provider one of/],
      [{ ...billing, name: "other", router_model: "sim:default" }, 400, /router model is the agent's model/],
      [
        { ...billing, name: "other", context_strategy: "forget_everything" },
        400,
        /context strategy must be one of/,
      ],
      [
        { ...billing, name: "other", tools: ["get_order", "launch_rockets"] },
        400,
        /Unknown tool "launch_rockets"/,
      ],
      [{ ...billing, name: "other", tools: [] }, 400, /at least one tool/],
      [{ ...billing, name: "other", max_steps: 5000 }, 400, /Max steps/],
      [{ name: "other", model: "sim:default", tools: ["get_order"] }, 400, /instructions/],
      [{ ...billing, name: "other", required_evidence: ["issue_refund"] }, 400, /does not have this tool/],
      [{ ...billing, name: "other", copy_of: "4b3c1c1e-0000-4000-8000-000000000000" }, 404, /No agent/],
      [{ ...billing, name: "other\u0000" }, 400, /NUL/],
    ];
    for (const [body, status, message] of cases) {
      const response = await create(body);
      const text = await response.text();
      expect(response.status, text).toBe(status);
      expect(JSON.parse(text).error.message, text).toMatch(message);
    }
    const list = await (await agentsRoute.GET(call("GET", adminKey), params({}))).json();
    expect(list.agents.map((a: { name: string }) => a.name)).toEqual(["billing-helper"]);
  });

  it("creates an agent with a router model, which reading it and the list return", async () => {
    const response = await create(
      { ...billing, name: "routed-helper", router_model: "sim:looping" },
      demoKey,
    );
    expect(response.status).toBe(201);
    const { id, router_model } = await response.json();
    expect(router_model).toBe("sim:looping");
    const read = await (await agentRoute.GET(call("GET", demoKey), params({ id }))).json();
    expect(read.router_model).toBe("sim:looping");
    const list = await (await agentsRoute.GET(call("GET", demoKey), params({}))).json();
    const listed = list.agents.find((a: { name: string }) => a.name === "routed-helper");
    expect(listed.router_model).toBe("sim:looping");
    expect(list.agents.find((a: { name: string }) => a.name === "support-triage").router_model).toBeNull();
  });

  it("lets only admins create agents", async () => {
    expect((await create({ ...billing, name: "by-operator" }, operatorKey)).status).toBe(403);
  });

  it("duplicates an agent of the tenant, taking the fields left out from it, and never another tenant's", async () => {
    const list = await (await agentsRoute.GET(call("GET", demoKey), params({}))).json();
    const triage = list.agents.find((a: { name: string }) => a.name === "support-triage");
    const copy = await create({ name: "triage-copy", copy_of: triage.id, max_steps: 12 }, demoKey);
    expect(copy.status).toBe(201);
    const body = await copy.json();
    expect(body).toMatchObject({ tools: triage.tools, model: triage.model, max_steps: 12, dry_run: true });
    const versions = await (await versionsRoute.GET(call("GET", demoKey), params({ id: body.id }))).json();
    expect(versions.versions[0].comment).toBe("Copied from support-triage version 1");
    // The empty tenant cannot copy the demo tenant's agent.
    const stolen = await create({ name: "stolen", copy_of: triage.id });
    expect(stolen.status).toBe(404);
  });
});

describe("versions", () => {
  it("keeps every saved change as a version, diffs any two and restores one as a new version", async () => {
    const list = await (await agentsRoute.GET(call("GET", adminKey), params({}))).json();
    const id = list.agents[0].id;
    const patch = (body: unknown) => agentRoute.PATCH(call("PATCH", adminKey, body), params({ id }));
    expect((await patch({ expected_version: 1, max_steps: 10, comment: "Tighter" })).status).toBe(200);
    expect((await patch({ expected_version: 2, instructions: "Answer briefly." })).status).toBe(200);
    const versions = (await (await versionsRoute.GET(call("GET", adminKey), params({ id }))).json()).versions;
    expect(versions.map((v: { version: number; comment: string }) => [v.version, v.comment])).toEqual([
      [3, ""],
      [2, "Tighter"],
      [1, "First cut"],
    ]);
    const v1 = await (await versionRoute.GET(call("GET", adminKey), params({ id, version: "1" }))).json();
    const v3 = await (await versionRoute.GET(call("GET", adminKey), params({ id, version: "3" }))).json();
    expect(v1.definition).toMatchObject({ instructions: "Look the order up, then answer.", max_steps: 30 });
    expect(v3.definition).toEqual({ ...v1.definition, instructions: "Answer briefly.", max_steps: 10 });
    const missing = await versionRoute.GET(call("GET", adminKey), params({ id, version: "99" }));
    expect(missing.status).toBe(404);

    const restore = (expectedVersion: number) =>
      restoreRoute.POST(
        call("POST", adminKey, { expected_version: expectedVersion }),
        params({ id, version: "1" }),
      );
    expect((await restore(2)).status).toBe(409);
    const restored = await restore(3);
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({
      version: 4,
      max_steps: 30,
      instructions: billing.instructions,
    });
    const latest = (await (await versionsRoute.GET(call("GET", adminKey), params({ id }))).json())
      .versions[0];
    expect(latest).toMatchObject({ version: 4, comment: "Restored version 1" });
  });

  it("pins the version a run started with", async () => {
    const run = await startRun(db, operator, { agent: "billing-helper", input: "Where is order O-1001?" });
    expect(run.agentVersion).toBe(4);
  });
});

describe("archiving", () => {
  it("archives an agent: no new runs, out of the lists, its history kept; restoring brings it back", async () => {
    const created = await (await create({ ...billing, name: "short-lived" })).json();
    const earlier = await startRun(db, operator, { agent: "short-lived", input: "Where is order O-1001?" });
    const archived = await agentRoute.DELETE(call("DELETE", adminKey), params({ id: created.id }));
    expect(archived.status).toBe(200);
    expect((await archived.json()).archived_at).toEqual(expect.any(String));
    await expect(startRun(db, operator, { agent: "short-lived", input: "x" })).rejects.toThrow(/archived/);
    const names = async (query = "") =>
      (
        await (
          await agentsRoute.GET(
            new Request(`http://localhost/api/v1/agents${query}`, {
              headers: { authorization: `Bearer ${adminKey}` },
            }),
            params({}),
          )
        ).json()
      ).agents.map((a: { name: string }) => a.name);
    expect(await names()).not.toContain("short-lived");
    expect(await names("?archived=true")).toContain("short-lived");
    // Its page and its runs stay readable; an edit waits for the restore; its name stays taken.
    expect((await agentRoute.GET(call("GET", adminKey), params({ id: created.id }))).status).toBe(200);
    expect(earlier.agentName).toBe("short-lived");
    const edit = await agentRoute.PATCH(
      call("PATCH", adminKey, { expected_version: 1, max_steps: 3 }),
      params({ id: created.id }),
    );
    expect(edit.status).toBe(409);
    const again = await create({ ...billing, name: "short-lived" });
    expect((await again.json()).error.message).toMatch(/archived agent is named short-lived/);
    // Archiving twice changes nothing; a stranger's key cannot touch it.
    expect((await agentRoute.DELETE(call("DELETE", adminKey), params({ id: created.id }))).status).toBe(200);
    expect((await agentRoute.DELETE(call("DELETE", demoKey), params({ id: created.id }))).status).toBe(404);
    const back = await unarchiveRoute.POST(call("POST", adminKey), params({ id: created.id }));
    expect((await back.json()).archived_at).toBeNull();
    expect(await names()).toContain("short-lived");
    const actions = (await db.select().from(auditLog).where(eq(auditLog.targetId, created.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["agent.created", "agent.archived", "agent.unarchived"]));
  });
});
