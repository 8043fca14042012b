import { describe, expect, it } from "vitest";
import * as restore from "@/app/api/v1/policies/restore/route";
import * as policies from "@/app/api/v1/policies/route";
import * as testCall from "@/app/api/v1/policies/test/route";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Policies API Co");
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
const request = (key: string, method = "GET", body?: unknown) =>
  new Request("http://localhost/api/v1/policies", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

// The default lets ops-health run `df`; this version does not.
const STRICTER = DEFAULT_POLICY.replace('"uptime", "df", ', '"uptime", ');
const command = (line: string) => ({ agent: "ops-health", tool: "run_command", args: { command: line } });
const writeFile = (path: string) => ({
  agent: "ops-health",
  tool: "write_file",
  args: { path, content: "# Notes\n" },
});

async function decide(key: string, body: unknown) {
  const response = await testCall.POST(request(key, "POST", body), noParams);
  expect(response.status).toBe(200);
  return response.json();
}

async function active(key: string) {
  const response = await policies.GET(request(key), noParams);
  expect(response.status).toBe(200);
  return response.json();
}

describe("/api/v1/policies", () => {
  it("shows any role the built-in default as version 0", async () => {
    const body = await active(viewerKey);
    expect(body.active).toEqual({
      version: 0,
      text: DEFAULT_POLICY,
      comment: "Built-in default policy",
      created_by: "Flightdeck",
      created_at: null,
    });
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([0]);
  });

  it("decides a test call: overwriting a runbook waits for a person, a new incident note is allowed", async () => {
    const overwrite = await decide(viewerKey, writeFile("runbooks/oncall.md"));
    expect(overwrite).toMatchObject({
      effect: "approval",
      version: 0,
      policy_ids: ["overwrite-needs-approval"],
      resource: 'File::"runbooks/oncall.md"',
    });
    expect(overwrite.statements[0].text).toContain("@approval");
    expect(overwrite.context.facts).toEqual({
      in_workspace: true,
      file_exists: true,
      file_written_by_agent: false,
    });
    expect(await decide(viewerKey, writeFile("incidents/new.md"))).toMatchObject({
      effect: "allow",
      policy_ids: ["workspace-writes"],
    });
    // Assumed facts and provenance replace what Flightdeck computed.
    const assumed = await decide(viewerKey, {
      ...writeFile("incidents/new.md"),
      facts: { in_workspace: false },
      provenance: { path: "untrusted" },
    });
    expect(assumed).toMatchObject({ effect: "deny", policy_ids: [] });
    expect(assumed.context.provenance).toMatchObject({ path: "untrusted" });
    expect((await decide(viewerKey, command("rm -rf /"))).effect).toBe("deny");
  });

  it("answers PUT with 403 to a viewer key and saves nothing", async () => {
    const denied = await policies.PUT(request(viewerKey, "PUT", { text: STRICTER }), noParams);
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("forbidden");
    expect((await active(adminKey)).active.version).toBe(0);
  });

  it("answers an invalid policy with 400 and Cedar's problems, and the old version stays in force", async () => {
    const broken = `${STRICTER}\n@id("typo")\nforbid (principal, action == Action::"issue_refund", resource)\nwhen { context.args.amount > 1 };`;
    const response = await policies.PUT(request(adminKey, "PUT", { text: broken }), noParams);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_input");
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]).toMatchObject({ message: expect.stringContaining("typo") });
    expect(error.problems[0].line).toBeGreaterThan(STRICTER.split("\n").length);
    expect((await active(adminKey)).active.version).toBe(0);
    expect((await decide(adminKey, command("df -h"))).effect).toBe("allow");
  });

  it("saves a valid policy as version 1, which then decides calls; a stale base version answers 409", async () => {
    const response = await policies.PUT(
      request(adminKey, "PUT", { text: STRICTER, comment: "No df", base_version: 0 }),
      noParams,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      version: 1,
      comment: "No df",
      text: STRICTER,
    });
    expect(await decide(adminKey, command("df -h"))).toMatchObject({ effect: "deny", version: 1 });

    const stale = await policies.PUT(request(adminKey, "PUT", { text: STRICTER, base_version: 0 }), noParams);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe("conflict");
  });

  it("tests a draft without saving it, for people who may save one", async () => {
    const refused = await testCall.POST(
      request(viewerKey, "POST", { ...command("df -h"), draft: DEFAULT_POLICY }),
      noParams,
    );
    expect(refused.status).toBe(403);
    const draft = await decide(adminKey, { ...command("df -h"), draft: DEFAULT_POLICY });
    expect(draft).toMatchObject({ effect: "allow" });
    expect((await active(viewerKey)).active.version).toBe(1);
  });

  it("restores version 0 as version 2 for admins only", async () => {
    const denied = await restore.POST(request(viewerKey, "POST", { version: 0 }), noParams);
    expect(denied.status).toBe(403);
    const response = await restore.POST(request(adminKey, "POST", { version: 0 }), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      version: 2,
      text: DEFAULT_POLICY,
      comment: "Restored version 0",
    });
    expect(await decide(adminKey, command("df -h"))).toMatchObject({ effect: "allow", version: 2 });
    const { versions } = await active(viewerKey);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1, 0]);
  });

  it("never shows another tenant this tenant's versions, nor decides with them", async () => {
    const body = await active(strangerKey);
    expect(body.active.version).toBe(0);
    expect(body.versions.map((v: { version: number }) => v.version)).toEqual([0]);
    const missing = await restore.POST(request(strangerKey, "POST", { version: 1 }), noParams);
    expect(missing.status).toBe(404);
    expect(await decide(strangerKey, command("df -h"))).toMatchObject({ effect: "allow", version: 0 });
  });

  it("decides a 120 USD refund: a person approves it", async () => {
    const refund = await decide(viewerKey, {
      agent: "support-triage",
      tool: "issue_refund",
      args: { order_id: "O-5004", amount_usd: 120, reason: "Refund requested in T-1004" },
    });
    expect(refund).toMatchObject({
      effect: "approval",
      policy_ids: expect.arrayContaining(["refund-over-50-needs-approval", "refund-unread-order"]),
    });
  });

  it("answers 404 for an unknown agent and 400 for arguments the tool refuses", async () => {
    const unknown = await testCall.POST(
      request(viewerKey, "POST", { ...command("df"), agent: "nobody" }),
      noParams,
    );
    expect(unknown.status).toBe(404);
    const invalid = await testCall.POST(
      request(viewerKey, "POST", { ...writeFile("notes.md"), args: { path: "notes.md" } }),
      noParams,
    );
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.field).toBe("args");
  });
});
