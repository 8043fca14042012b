import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as exportRoute from "@/app/api/v1/agents/[id]/export/route";
import * as importRoute from "@/app/api/v1/agents/import/route";
import { agents } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { listVersions } from "./versions";

const { db } = await createTestDatabase();
const demo = await createTenant(db, "Files Demo Co");
await seedDemoBusiness(db, demo.id);
const demoAdmin = await createMember(db, demo, "admin");
const { key: demoKey } = await createApiKey(db, demoAdmin, { name: "demo", role: "admin" });
const team = await createTenant(db, "Files Team Co");
const teamAdmin = await createMember(db, team, "admin");
const { key: teamKey } = await createApiKey(db, teamAdmin, { name: "team", role: "admin" });

const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });
const request = (key: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const importFiles = (files: { name: string; text: string }[], dryRun?: boolean, key = teamKey) =>
  importRoute.POST(request(key, "/api/v1/agents/import", { files, dry_run: dryRun }), params({}));
const agentsOf = async (tenantId: string) =>
  (await db.select().from(agents).where(eq(agents.tenantId, tenantId))).map((a) => a.name).sort();

async function exported(name: string, format = "") {
  const [agent] = await db.select().from(agents).where(eq(agents.name, name));
  const response = await exportRoute.GET(
    request(demoKey, `/api/v1/agents/${agent?.id}/export${format}`),
    params({ id: agent?.id ?? "" }),
  );
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
}

describe("agents as files", () => {
  it("exports an agent as YAML (or JSON) and imports it into another tenant unchanged", async () => {
    const { response, text } = await exported("support-triage");
    expect(response.headers.get("content-disposition")).toContain(
      'attachment; filename="support-triage.agent.yaml"',
    );
    const file = parse(text);
    expect(file).toMatchObject({ kind: "flightdeck/agent", name: "support-triage", model: "sim:default" });
    const json = JSON.parse((await exported("support-triage", "?format=json")).text);
    expect(json).toEqual(file);

    const imported = await importFiles([{ name: "support-triage.agent.yaml", text }]);
    expect(imported.status).toBe(200);
    expect((await imported.json()).outcomes).toEqual([
      { file: "support-triage.agent.yaml", agent: "support-triage", action: "created", version: 1 },
    ]);
    const [copy] = await db.select().from(agents).where(eq(agents.tenantId, team.id));
    expect({ ...file, kind: undefined }).toMatchObject({
      ...file,
      kind: undefined,
      instructions: copy?.instructions,
    });
    expect(copy?.tools).toEqual(file.tools);
  });

  it("updates an agent from its edited file as a new version, and leaves an unchanged one alone", async () => {
    const { text } = await exported("support-triage");
    const edited = text.replace(/^max_steps: \d+$/m, "max_steps: 9");
    const result = await (await importFiles([{ name: "triage.yaml", text: edited }])).json();
    expect(result.outcomes[0]).toMatchObject({ action: "updated", version: 2 });
    const again = await (await importFiles([{ name: "triage.yaml", text: edited }])).json();
    expect(again.outcomes[0]).toMatchObject({ action: "unchanged", version: 2 });
    const [agent] = await db.select().from(agents).where(eq(agents.tenantId, team.id));
    const versions = await listVersions(db, { ...teamAdmin }, agent?.id ?? "");
    expect(versions[0]).toMatchObject({ version: 2, comment: "Imported from triage.yaml" });
  });

  it("carries the router model both ways, and reads a file without one (older exports) as none", async () => {
    const { text } = await exported("ops-health");
    expect(parse(text)).toMatchObject({ router_model: null });
    const routed = text
      .replace(/^router_model: null$/m, "router_model: sim:looping")
      .replace(/^name: .*$/m, "name: routed");
    await importFiles([{ name: "routed.yaml", text: routed }]);
    const [agent] = await db.select().from(agents).where(eq(agents.name, "routed"));
    expect(agent?.routerModel).toBe("sim:looping");

    const older = routed.replace(/^router_model: .*\n/m, "");
    expect(older).not.toContain("router_model");
    const result = await (await importFiles([{ name: "older.yaml", text: older }])).json();
    expect(result.outcomes[0]).toMatchObject({ agent: "routed", action: "updated", version: 2 });
    const [after] = await db.select().from(agents).where(eq(agents.name, "routed"));
    expect(after?.routerModel).toBeNull();
  });

  it("names fields in snake_case like the API, and still imports a file written in camelCase", async () => {
    const { text } = await exported("ops-health");
    const fields = Object.keys(parse(text));
    expect(fields).toEqual(
      expect.arrayContaining(["max_steps", "required_evidence", "dry_run", "on_reject"]),
    );
    expect(fields.filter((name) => /[A-Z]/.test(name))).toEqual([]);
    const camel = text
      .replace(/^name: .*$/m, "name: from-an-older-file")
      .replace(/^max_steps: \d+$/m, "maxSteps: 7")
      .replace(/^(\w+)_(\w)/gm, (_, head: string, next: string) => `${head}${next.toUpperCase()}`);
    expect(camel).toContain("maxSecon");
    const result = await (await importFiles([{ name: "older.yaml", text: camel }])).json();
    expect(result.outcomes?.[0], JSON.stringify(result)).toMatchObject({ action: "created" });
    const [agent] = await db.select().from(agents).where(eq(agents.name, "from-an-older-file"));
    expect(agent?.maxSteps).toBe(7);
  });

  it("carries the context strategy, and reads a file without one (older exports) as the default", async () => {
    const { text } = await exported("ops-health");
    expect(parse(text)).toMatchObject({ context_strategy: "clip_and_drop_middle" });
    const dropping = text
      .replace(/^context_strategy: .*$/m, "context_strategy: drop_middle")
      .replace(/^name: .*$/m, "name: dropping");
    await importFiles([{ name: "dropping.yaml", text: dropping }]);
    const [agent] = await db.select().from(agents).where(eq(agents.name, "dropping"));
    expect(agent?.contextStrategy).toBe("drop_middle");
    const older = dropping.replace(/^context_strategy: .*\n/m, "");
    expect(older).not.toContain("context_strategy");
    await importFiles([{ name: "older.yaml", text: older }]);
    const [after] = await db.select().from(agents).where(eq(agents.name, "dropping"));
    expect(after?.contextStrategy).toBe("clip_and_drop_middle");
  });

  it("checks everything first and changes nothing on any error, naming the file and the field", async () => {
    const { text } = await exported("ops-health");
    const bad = text
      .replace(/^name: ops-health$/m, "name: broken-one")
      .replace("- http_request", "- launch_rockets");
    const before = await agentsOf(team.id);
    const cases: [{ name: string; text: string }[], RegExp][] = [
      [
        [
          { name: "ops.yaml", text },
          { name: "broken.yaml", text: bad },
        ],
        /broken\.yaml: .*Unknown tool "launch_rockets"/,
      ],
      [
        [
          { name: "ops.yaml", text },
          { name: "twice.yaml", text },
        ],
        /twice\.yaml: another file also defines ops-health/,
      ],
      [[{ name: "x.yaml", text: "kind: [unclosed" }], /x\.yaml: not YAML or JSON/],
      [[{ name: "x.json", text: '{"name": "a"}' }], /x\.json: description: is missing/],
      [
        [{ name: "x.yaml", text: text.replace("kind: flightdeck/agent", "kind: other") }],
        /kind must be "flightdeck\/agent"/,
      ],
      [
        [{ name: "x.yaml", text: text.replace(/^max_steps: \d+$/m, "max_steps: 5000") }],
        /x\.yaml: max_steps: Max steps/,
      ],
      [
        [{ name: "x.yaml", text: text.replace(/^router_model: null$/m, "router_model: sim:default") }],
        /x\.yaml: .*router model is the agent's model/,
      ],
      [[{ name: "bomb.yaml", text: "a: &a [x, x]\nb: [*a, *a, *a]\n" }], /bomb\.yaml: not YAML or JSON/],
    ];
    for (const [files, message] of cases) {
      const response = await importFiles(files);
      const body = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.error.message).toMatch(message);
    }
    expect(await agentsOf(team.id)).toEqual(before);
  });

  it("says what an import would do without doing it (dry_run)", async () => {
    const { text } = await exported("ops-health");
    const plan = await (await importFiles([{ name: "ops.yaml", text }], true)).json();
    expect(plan).toEqual({
      dry_run: true,
      outcomes: [{ file: "ops.yaml", agent: "ops-health", action: "created", version: 1 }],
    });
    expect(await agentsOf(team.id)).not.toContain("ops-health");
  });

  it("exports only the caller's tenant's agents", async () => {
    const [agent] = await db.select().from(agents).where(eq(agents.tenantId, demo.id));
    const response = await exportRoute.GET(
      request(teamKey, `/api/v1/agents/${agent?.id}/export`),
      params({ id: agent?.id ?? "" }),
    );
    expect(response.status).toBe(404);
  });

  it("exports an agent observed over OTLP, whose name is its service's: any text", async () => {
    const service = '日本 "billing"\r\nSet-Cookie: x=1';
    const [observed] = await db
      .insert(agents)
      .values({
        tenantId: demo.id,
        name: `otlp:${service}`,
        model: "unknown",
        instructions: "observed",
        tools: [],
      })
      .returning();
    const response = await exportRoute.GET(
      request(demoKey, `/api/v1/agents/${observed?.id}/export`),
      params({ id: observed?.id ?? "" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toBe(`otlp:${service}.agent.yaml`);
  });
});
