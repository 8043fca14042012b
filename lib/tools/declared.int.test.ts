import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { DELETE as undeclare } from "@/app/api/v1/tools/[name]/route";
import { GET as catalog, POST as declare } from "@/app/api/v1/tools/route";
import { auditLog } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createAgent } from "@/lib/agents/create-agent";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { gateClient } from "@/lib/gate/client";
import { startGateServer } from "@/lib/gate/testing/gate-server";
import { savePolicy } from "@/lib/policy/policy-versions";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { DEFAULT_POLICY } from "./default-policy";

const { db } = await createTestDatabase();
const { operator, tenantId } = await demoTenant(db);
// A key acts with at most its creator's role: the keys are made by an admin of the tenant.
const admin = await createMember(db, { id: tenantId, name: operator.tenantName }, "admin");
const { key: adminKey } = await createApiKey(db, admin, { name: "platform team", role: "admin" });
const { key: operatorKey } = await createApiKey(db, admin, { name: "agent", role: "operator" });
const server = await startGateServer();
afterAll(() => server.close());

const UPDATE_TIER = {
  name: "crm_update_tier",
  description: "Set a customer's tier in the CRM",
  input_schema: {
    type: "object",
    properties: {
      customer_id: { type: "string", description: "e.g. C-1001" },
      tier: { type: "string", enum: ["bronze", "silver", "gold"] },
    },
    required: ["customer_id", "tier"],
    additionalProperties: false,
  },
  risk: "write",
  resource: { type: "Customer", arg: "customer_id" },
};

const call = (
  handler: (request: Request, context: never) => Promise<Response>,
  key: string,
  body?: unknown,
  params = {},
  method = body === undefined ? "GET" : "POST",
) =>
  handler(
    new Request("http://localhost/api/v1/tools", {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) } as never,
  );

describe("declared tools", () => {
  it("are declared by admins with a schema Flightdeck can check, and refused otherwise", async () => {
    const created = await call(declare, adminKey, UPDATE_TIER);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      name: "crm_update_tier",
      source: "declared",
      replaced: false,
    });
    expect((await call(declare, adminKey, { ...UPDATE_TIER, description: "Set a tier" })).status).toBe(200);

    const refusals: [unknown, number, RegExp][] = [
      [{ ...UPDATE_TIER, name: "issue_refund" }, 409, /built-in/],
      [{ ...UPDATE_TIER, name: "crm__update" }, 400, /MCP/],
      [{ ...UPDATE_TIER, input_schema: { type: "string" } }, 400, /type "object"/],
      [{ ...UPDATE_TIER, resource: { type: "Customer", arg: "email" } }, 400, /not a property/],
      [{ ...UPDATE_TIER, risk: "scary" }, 400, /risk/],
    ];
    for (const [body, status, message] of refusals) {
      const response = await call(declare, adminKey, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect((await response.json()).error.message).toMatch(message);
    }
    expect((await call(declare, operatorKey, UPDATE_TIER)).status).toBe(403);

    const listed = (await (await call(catalog, operatorKey)).json()).tools as {
      name: string;
      source: string;
    }[];
    expect(listed.find((tool) => tool.name === "crm_update_tier")).toMatchObject({
      source: "declared",
      resource: { type: "Customer", arg: "customer_id" },
    });
    const audit = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["tool.declared", "tool.redeclared"]));
  });

  it("are given to agents, named by policy, and decided by the gate; removing one takes it out of the catalog", async () => {
    await savePolicy(db, admin, {
      // The team wrote rules for its tools: the default's "a person approves every other write" goes.
      text: `${DEFAULT_POLICY.slice(0, DEFAULT_POLICY.indexOf('@id("other-tools-act-need-approval")'))}
@id("crm-tiers")
permit (principal, action == Action::"crm_update_tier", resource);

@id("gold-needs-a-person")
@approval("Gold tiers are granted by a person")
forbid (principal, action == Action::"crm_update_tier", resource)
when { context.args.tier == "gold" };

@id("no-tier-changes-for-staff")
forbid (principal, action == Action::"crm_update_tier", resource == Customer::"C-STAFF");
`,
      comment: "CRM tiers",
    });
    await createAgent(db, admin, {
      name: "account-manager",
      model: "sim:default",
      instructions: "Keep customers' tiers right.",
      tools: ["crm_update_tier"],
      dryRun: false,
    });
    const run = await gateClient({ baseUrl: server.url, apiKey: operatorKey }).openRun({
      agent: "account-manager",
      input: "Customer C-1001 reached silver.",
    });
    await expect(
      run.ask({ tool: "crm_update_tier", args: { customer_id: "C-1001", tier: "silver" } }),
    ).resolves.toMatchObject({
      decision: "allow",
    });
    await expect(
      run.ask({ tool: "crm_update_tier", args: { customer_id: "C-1001", tier: "gold" } }),
    ).resolves.toMatchObject({
      decision: "pending",
    });
    await expect(
      run.ask({ tool: "crm_update_tier", args: { customer_id: "C-STAFF", tier: "silver" } }),
    ).resolves.toMatchObject({
      decision: "deny",
    });
    await expect(
      run.ask({ tool: "crm_update_tier", args: { customer_id: "C-1001", tier: "platinum" } }),
    ).resolves.toMatchObject({
      decision: "deny",
      message: expect.stringMatching(/Invalid arguments/),
    });

    const removed = await call(undeclare, adminKey, undefined, { name: "crm_update_tier" }, "DELETE");
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ removed: true, still_given_to: ["account-manager"] });
    await expect(
      run.ask({ tool: "crm_update_tier", args: { customer_id: "C-1001", tier: "silver" } }),
    ).resolves.toMatchObject({
      decision: "deny",
      message: expect.stringMatching(/no tool named/),
    });
  });
});
