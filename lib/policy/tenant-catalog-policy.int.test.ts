import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "@/db/testing/test-database";
import { createAgent } from "@/lib/agents/create-agent";
import { updateMcpToolSettings } from "@/lib/mcp-servers/catalog";
import { deleteMcpServer, registerMcpServer } from "@/lib/mcp-servers/servers";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { closeMcpConnections } from "@/lib/tools/mcp/pool";
import { overrideMcpServerSettings } from "@/lib/tools/mcp/settings";
import { startHttpMcpServer } from "@/lib/tools/mcp/testing/http-server";
import { loadTenantCatalog } from "@/lib/tools/tenant-tools";
import { checkPolicy } from "./compile";
import { savePolicy } from "./policy-versions";
import { policyCache } from "./store";
import { testPolicyCall } from "./test-call";

const { db } = await createTestDatabase();

const crmServer = () => {
  const server = new McpServer({ name: "crm", version: "1.0.0" });
  server.registerTool(
    "update_tier",
    {
      description: "Moves a customer to another tier.",
      inputSchema: { customer: z.string(), tier: z.enum(["bronze", "silver", "gold"]), credit: z.number() },
    },
    async ({ customer, tier }) => ({ content: [{ type: "text", text: `${customer} is now ${tier}.` }] }),
  );
  return server;
};
const http = await startHttpMcpServer(crmServer);
overrideMcpServerSettings({ allowPrivateAddresses: true, secretsKey: "s".repeat(40) });
afterAll(async () => {
  overrideMcpServerSettings(null);
  await closeMcpConnections();
  await http.close();
});

// A rule about the team's own tool, by its name, on its own arguments.
const CRM_RULES = `
@id("no-gold-by-agents")
forbid (principal, action == Action::"crm__update_tier", resource)
when { context.args.tier == "gold" || context.args.credit.greaterThan(decimal("100.0")) };
`;

async function teamWithCrm() {
  const { operator, tenantId } = await demoTenant(db);
  const admin = { ...operator, role: "admin" as const };
  const { server, refresh } = await registerMcpServer(db, admin, {
    name: "crm",
    transport: "http",
    url: http.url,
  });
  expect(refresh.problems).toEqual([]);
  await createAgent(db, admin, {
    name: "account-manager",
    model: "sim:default",
    instructions: "Keep customers' tiers right.",
    tools: ["crm__update_tier"],
    dryRun: false,
  });
  return { admin, tenantId, serverId: server.id };
}

const tryCall = (actor: Awaited<ReturnType<typeof teamWithCrm>>["admin"], args: Record<string, unknown>) =>
  testPolicyCall(
    db,
    actor,
    { agent: "account-manager", tool: "crm__update_tier", args },
    "http://127.0.0.1:9",
  );

describe("policies about a tenant's own tools", () => {
  it("name an MCP tool and its arguments: the tenant's catalog is the schema, validated at save", async () => {
    const { admin } = await teamWithCrm();
    const saved = await savePolicy(db, admin, { text: DEFAULT_POLICY + CRM_RULES, comment: "CRM rules" });
    expect(saved.version).toBeGreaterThan(0);

    const gold = await tryCall(admin, { customer: "C-1", tier: "gold", credit: 0 });
    expect(gold).toMatchObject({ effect: "deny", policyIds: ["no-gold-by-agents"] });
    const credit = await tryCall(admin, { customer: "C-1", tier: "silver", credit: 250 });
    expect(credit).toMatchObject({ effect: "deny", policyIds: ["no-gold-by-agents"] });
    // Anything else falls to the default rules for tools without rules of their own: a person approves.
    const silver = await tryCall(admin, { customer: "C-1", tier: "silver", credit: 20 });
    expect(silver.effect).toBe("approval");

    // A misspelt argument is refused at save, as for a built-in tool.
    await expect(
      savePolicy(db, admin, { text: DEFAULT_POLICY + CRM_RULES.replace("args.tier", "args.teir") }),
    ).rejects.toThrow(/teir/);
  });

  it("are refused in a tenant whose catalog has no such tool", async () => {
    const { operator } = await demoTenant(db);
    const admin = { ...operator, role: "admin" as const };
    await expect(savePolicy(db, admin, { text: DEFAULT_POLICY + CRM_RULES })).rejects.toThrow(
      /crm__update_tier/,
    );
  });

  it("keep deciding with the tenant's own statements when the tool leaves the catalog, never a laxer default", async () => {
    const { admin, tenantId, serverId } = await teamWithCrm();
    // The team tightens a demo rule too: refunds of any amount are denied.
    const strict = `${DEFAULT_POLICY}${CRM_RULES}
@id("no-refunds")
forbid (principal, action == Action::"issue_refund", resource);
`;
    const saved = await savePolicy(db, admin, { text: strict, comment: "strict" });
    await updateMcpToolSettings(db, admin, "crm__update_tier", { risk: "write" });

    await deleteMcpServer(db, admin, serverId);
    const catalog = await loadTenantCatalog(db, tenantId);
    const fit = checkPolicy(strict, catalog.tools);
    expect(fit.ok).toBe(false);

    // The saved version still decides (not the default policy, which allows small refunds).
    const active = await policyCache(db).active(tenantId);
    expect(active.version).toBe(saved.version);
    expect(active.statements.has("no-refunds")).toBe(true);
    const refund = await testPolicyCall(
      db,
      admin,
      {
        agent: "support-triage",
        tool: "issue_refund",
        args: { order_id: "O-5001", amount_usd: 5, reason: "Late delivery" },
      },
      "http://127.0.0.1:9",
    );
    expect(refund).toMatchObject({ effect: "deny", policyIds: ["no-refunds"] });
  });
});
