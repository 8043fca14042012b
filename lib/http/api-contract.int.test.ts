import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { GET as openApi } from "@/app/api/v1/openapi.json/route";
import { API_ROUTES } from "@/app/api/v1/openapi.json/routes";
import { receipts, webhookDeliveries } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { utcToday } from "@/lib/day";
import { resetEnvCache } from "@/lib/env";
import { runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { overrideMcpServerSettings } from "@/lib/tools/mcp/settings";
import { openApiPath } from "./openapi";
import { endpointFixture } from "./testing/endpoint-fixture";
import { type OpenApiDocument, responseChecker } from "./testing/response-contract";

/**
 * The contract, checked against the API itself: every operation of the OpenAPI document is called
 * for real (in process, on the real database) and each answer must be one the document describes
 * for that route and status — its body valid against the schema, in snake_case throughout.
 */
const PLATFORM_TOKEN = "platform-token-for-contract-tests-0123456789";
process.env.FLIGHTDECK_PLATFORM_TOKEN = PLATFORM_TOKEN;
resetEnvCache();
overrideMcpServerSettings({
  allowPrivateAddresses: true,
  stdioAllowList: [],
  secretsKey: "contract-test-secret-0123456789abcdef",
  connectTimeoutMs: 2_000,
});
afterAll(() => {
  delete process.env.FLIGHTDECK_PLATFORM_TOKEN;
  resetEnvCache();
  overrideMcpServerSettings(null);
});

const { db } = await createTestDatabase();
const fx = await endpointFixture(db);
const { a } = fx;
const engine = testEngine(db);
const operator = fx.people.operator;
const doc = (await openApi().json()) as OpenApiDocument;
const check = responseChecker(doc);

type Sent = { params?: Record<string, string>; body?: unknown; query?: string; token?: string };

/** Calls the route's handler as Next.js would, and checks the answer against the document. */
async function call(method: string, folder: string, sent: Sent = {}) {
  const module = API_ROUTES.find((route) => route.path === folder)?.module as Record<
    string,
    (request: Request, context: unknown) => Promise<Response>
  >;
  const handler = module?.[method];
  if (!handler) throw new Error(`no ${method} ${folder}`);
  const params = sent.params ?? {};
  const url = openApiPath(folder).path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
  const abort = new AbortController();
  const request = new Request(`http://localhost${url}${sent.query ?? ""}`, {
    method,
    headers: {
      authorization: `Bearer ${sent.token ?? fx.keys.admin}`,
      ...(sent.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: sent.body === undefined ? undefined : JSON.stringify(sent.body),
    signal: abort.signal,
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const type = response.headers.get("content-type") ?? "";
  // A stream is checked by its status and media type, then closed.
  const streams = type.startsWith("text/event-stream");
  if (streams) abort.abort();
  const text = streams ? "" : await response.text();
  const body = type.includes("application/json") && text ? JSON.parse(text) : text;
  expect(response.status, `${method} ${folder}: ${text.slice(0, 400)}`).toBeLessThan(300);
  check(method, folder, response.status, type, body);
  return body;
}

const called = new Set<string>();
const calls = async (method: string, folder: string, sent: Sent = {}) => {
  called.add(`${method.toLowerCase()} ${openApiPath(folder).path}`);
  return call(method, folder, sent);
};

describe("the API contract", () => {
  it("answers every operation of the document as the document describes it, in snake_case", async () => {
    await calls("GET", "me");

    // Runs, approvals, receipts.
    await calls("GET", "runs");
    await calls("GET", "runs/[id]", { params: { id: a.runId } });
    await calls("POST", "runs", {
      body: { agent: "ops-health", input: "Check the app's health", dry_run: true },
    });
    await calls("POST", "runs/[id]/outcome", { params: { id: a.runId }, body: { outcome: "accepted" } });
    const dry = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      dryRun: true,
    });
    await calls("POST", "runs/[id]/promote", { params: { id: dry.id } });
    await calls("POST", "runs/[id]/replay", {
      params: { id: dry.id },
      body: { mode: "recorded", from_step: 1 },
    });
    await calls("POST", "runs/[id]/test-case", { params: { id: dry.id }, body: { suite: "contract" } });
    await calls("GET", "eval-suites");
    await calls("GET", "eval-suites/[name]", { params: { name: "contract" } });
    await calls("POST", "eval-suites", {
      body: {
        format: "flightdeck.eval-suite/1",
        name: "contract-import",
        cases: [{ name: "c", agent: { name: "support-triage" }, goal: "Resolve ticket T-1001.", expect: {} }],
      },
    });
    const queued = await calls("POST", "eval-suites/[name]/runs", {
      params: { name: "contract" },
      body: { agent: "support-triage", model: "sim:gullible" },
    });
    await calls("GET", "eval-suites/[name]/runs/[id]", { params: { name: "contract", id: queued.id } });
    await calls("PUT", "agents/[id]/readiness", { params: { id: a.agentId }, body: { suite: "contract" } });
    await calls("GET", "agents/[id]/readiness", { params: { id: a.agentId } });
    await calls("PUT", "agents/[id]/readiness", { params: { id: a.agentId }, body: { suite: null } });
    await calls("GET", "approvals");
    await calls("POST", "approvals/[id]/decision", {
      params: { id: a.approvalId },
      body: { decision: "approve" },
    });
    await calls("POST", "runs/[id]/messages", {
      params: { id: a.parkedRunId },
      body: { message: "Check the order total first." },
    });
    await calls("GET", "questions");
    await calls("POST", "questions/[id]/answer", {
      params: { id: a.questionId },
      body: { answer: "The order is O-5003." },
    });
    const refunded = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1001",
    });
    const written = await db.select().from(receipts).where(eq(receipts.runId, refunded.id));
    const receiptOf = (tool: string) =>
      String(written.find((r) => r.tool === tool && r.kind === "action")?.id);
    await calls("GET", "runs/[id]", { params: { id: refunded.id } });
    await calls("POST", "receipts/[id]/undo", {
      params: { id: receiptOf("issue_refund") },
      body: { reason: "test" },
    });
    await calls("POST", "receipts/[id]/mark-reverted", {
      params: { id: receiptOf("update_ticket") },
      body: { note: "reopened by hand" },
    });

    // The gate.
    const opened = await calls("POST", "gate/runs", {
      body: { agent: "support-triage", input: "Look at order O-5001.", limits: { max_steps: 50 } },
    });
    const gateRun = { id: opened.id };
    const asked = await calls("POST", "gate/runs/[id]/calls", {
      params: gateRun,
      body: { tool: "get_order", args: { order_id: "O-5001" } },
    });
    const callParams = { id: opened.id, call_id: asked.call_id };
    await calls("GET", "gate/runs/[id]/calls/[call_id]", { params: callParams });
    await calls("POST", "gate/runs/[id]/calls/[call_id]/result", {
      params: callParams,
      body: { status: "ok", output: { id: "O-5001" } },
    });
    await calls("POST", "gate/runs/[id]/usage", {
      params: gateRun,
      body: { input_tokens: 10, output_tokens: 5 },
    });
    await calls("GET", "gate/runs/[id]/events", { params: gateRun });
    await calls("POST", "gate/runs/[id]/finish", {
      params: gateRun,
      body: { answer: "Order O-5001 looked up." },
    });

    // Agents.
    await calls("GET", "agents");
    await calls("GET", "agents/[id]", { params: { id: a.agentId } });
    const created = await calls("POST", "agents", {
      body: { name: "contract-agent", copy_of: a.agentId, max_steps: 12, comment: "For the contract" },
    });
    const agent = { id: created.id };
    await calls("PATCH", "agents/[id]", { params: agent, body: { expected_version: 1, max_cost_usd: 2 } });
    await calls("GET", "agents/[id]/versions", { params: agent });
    await calls("GET", "agents/[id]/versions/[version]", { params: { ...agent, version: "1" } });
    await calls("POST", "agents/[id]/versions/[version]/restore", {
      params: { ...agent, version: "1" },
      body: { expected_version: 2 },
    });
    await calls("PUT", "agents/[id]/rollout", {
      params: agent,
      body: {
        candidate_version: 2,
        percent: 10,
        shadow_percent: 5,
        margin_pct: 10,
        window_minutes: 60,
        min_runs: 5,
      },
    });
    await calls("GET", "agents/[id]/rollout", { params: agent });
    await calls("POST", "agents/[id]/rollout/promote", { params: agent, body: { expected_version: 3 } });
    await calls("PUT", "agents/[id]/rollout", { params: agent, body: { candidate_version: 1, percent: 0 } });
    await calls("DELETE", "agents/[id]/rollout", { params: agent });
    const file = await calls("GET", "agents/[id]/export", { params: agent });
    await calls("POST", "agents/import", {
      body: { files: [{ name: "contract.yaml", text: file }], dry_run: true },
    });
    const memoryKey = { id: a.agentId, key: "contract:note" };
    await calls("PUT", "agents/[id]/memory/[key]", { params: memoryKey, body: { value: { note: "kept" } } });
    await calls("GET", "agents/[id]/memory", { params: { id: a.agentId } });
    await calls("GET", "agents/[id]/memory/[key]", { params: memoryKey });
    await calls("DELETE", "agents/[id]/memory/[key]", { params: memoryKey });

    // Playbooks.
    const playbook = await calls("POST", "playbooks", {
      body: { name: "Contract playbook", instructions: "Be brief.", tags: ["contract"] },
    });
    await calls("GET", "playbooks");
    await calls("PUT", "playbooks/[id]", {
      params: { id: playbook.id },
      body: {
        name: "Contract playbook",
        instructions: "Be briefer.",
        tags: ["contract"],
        expected_version: 1,
      },
    });
    await calls("GET", "playbooks/[id]", { params: { id: playbook.id } });
    await calls("DELETE", "playbooks/[id]", { params: { id: playbook.id } });
    await calls("PUT", "agents/[id]/memory-settings", {
      params: { id: a.agentId },
      body: { run_summaries: true },
    });
    await calls("GET", "agents/[id]/memory-settings", { params: { id: a.agentId } });
    await calls("PUT", "agents/[id]/memory-settings", {
      params: { id: a.agentId },
      body: { run_summaries: false },
    });
    const document = await calls("POST", "documents", {
      body: { title: "Contract handbook", text: "Returns are accepted within 30 days.", source: "handbook" },
    });
    await calls("GET", "documents");
    await calls("GET", "documents/search", { query: "?q=returns" });
    await calls("GET", "documents/[id]", { params: { id: document.id } });
    await calls("DELETE", "documents/[id]", { params: { id: document.id } });
    await calls("DELETE", "agents/[id]", { params: agent });
    await calls("POST", "agents/[id]/unarchive", { params: agent });

    // People and keys.
    await calls("GET", "members");
    await calls("POST", "members", { body: { email: "contract@example.test", role: "viewer" } });
    await calls("PATCH", "members/[user_id]", {
      params: { user_id: a.memberId },
      body: { role: "operator" },
    });
    await calls("DELETE", "members/[user_id]", { params: { user_id: a.memberId } });
    await calls("GET", "api-keys");
    await calls("POST", "api-keys", { body: { name: "contract", role: "viewer" } });
    await calls("DELETE", "api-keys/[id]", { params: { id: a.apiKeyId } });
    await calls("GET", "webhooks");
    await calls("POST", "webhooks", {
      body: { url: "https://hooks.example.com/contract", events: ["run.ended"] },
    });
    await calls("POST", "webhooks/[id]/test", { params: { id: a.webhookId } });
    const [given] = await db
      .update(webhookDeliveries)
      .set({ status: "failed" })
      .where(eq(webhookDeliveries.endpointId, a.webhookId))
      .returning({ id: webhookDeliveries.id });
    await calls("POST", "webhooks/[id]/deliveries/[delivery_id]/resend", {
      params: { id: a.webhookId, delivery_id: given?.id ?? "" },
    });
    await calls("PUT", "webhooks/escalation", { body: { after_minutes: 30 } });
    await calls("GET", "webhooks/escalation");
    const rule = await calls("POST", "alerts/rules", {
      body: { agent: "support-triage", metric: "cost_usd", threshold: 5, window_minutes: 60 },
    });
    await calls("GET", "alerts/rules");
    const view = await calls("POST", "views", {
      body: { name: "Failures", query: "status=failed&cols=cost,started", shared: true },
    });
    await calls("GET", "views");
    await calls("DELETE", "views/[id]", { params: { id: view.id } });
    await calls("GET", "alerts", { query: "?open=true" });
    await calls("DELETE", "alerts/rules/[id]", { params: { id: rule.id } });
    await calls("DELETE", "webhooks/[id]", { params: { id: a.webhookId } });

    // Tools and MCP servers.
    await calls("GET", "tools");
    await calls("PATCH", "tools/[name]", {
      params: { name: a.mcpToolName },
      body: { risk: "read", timeout_ms: 5_000 },
    });
    await calls("POST", "tools", {
      body: {
        name: "contract_lookup",
        description: "Looks a contract up.",
        input_schema: { type: "object", properties: { id: { type: "string" } } },
        risk: "read",
      },
    });
    await calls("DELETE", "tools/[name]", { params: { name: "contract_lookup" } });
    await calls("GET", "mcp-servers");
    const server = await calls("POST", "mcp-servers", {
      body: { name: "unreachable", transport: "http", url: "http://127.0.0.1:9/mcp" },
    });
    await calls("POST", "mcp-servers/[id]/refresh", { params: { id: server.id } });
    await calls("DELETE", "mcp-servers/[id]", { params: { id: server.id } });

    // Policy, prices, kill switches, dashboards.
    const policies = await calls("GET", "policies");
    await calls("PUT", "policies", {
      body: { text: policies.active.text, comment: "Same again", base_version: policies.active.version },
    });
    await calls("POST", "policies/restore", { body: { version: 0 } });
    await calls("POST", "policies/test", {
      body: { agent: "support-triage", tool: "get_order", args: { order_id: "O-1001" } },
    });
    await calls("GET", "prices");
    const price = {
      model: "sim:default",
      effective_from: utcToday(),
      input_per_mtok: 1,
      cached_input_per_mtok: 0.5,
      output_per_mtok: 2,
    };
    await calls("PUT", "prices", { body: price });
    await calls("DELETE", "prices", { query: `?model=sim:default&effective_from=${utcToday()}` });
    await calls("POST", "kill", {
      body: { scope: "agent", target: "contract-agent", reason: "Contract test" },
    });
    await calls("POST", "kill/release", {
      body: { scope: "agent", target: "contract-agent", reason: "Done" },
    });
    const takenOver = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    await calls("POST", "kill", {
      body: { scope: "run_pause", target: takenOver.id, reason: "Taking over" },
    });
    await calls("POST", "runs/[id]/finish", {
      params: { id: takenOver.id },
      body: { outcome: "failed", note: "Refunded by phone." },
    });
    for (const report of ["metrics/cost", "metrics/ops", "metrics/undo", "metrics/envelope"])
      await calls("GET", report);

    // The deployment's own API.
    const token = PLATFORM_TOKEN;
    await calls("GET", "platform/tenants", { token });
    const tenant = await calls("POST", "platform/tenants", {
      token,
      body: { name: "Contract Co", admin_email: "first@contract.test" },
    });
    await calls("PATCH", "platform/tenants/[id]", {
      token,
      params: { id: tenant.tenant.id },
      body: { suspended: true, reason: "Contract test" },
    });

    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations.filter((operation) => !called.has(operation))).toEqual([]);
  }, 120_000);

  it("refuses an answer the document does not describe, and camelCase keys outside data", () => {
    const agentJson = { ...validAgent(), maxSteps: 3 };
    expect(() => check("GET", "agents/[id]", 200, "application/json", agentJson)).toThrow(/maxSteps/);
    expect(() => check("GET", "agents/[id]", 201, "application/json", validAgent())).toThrow(/201/);
    const run = { runs: [], next_cursor: null, nextCursor: null };
    expect(() => check("GET", "runs", 200, "application/json", run)).toThrow(/nextCursor/);
  });
});

function validAgent() {
  return {
    id: "a",
    name: "n",
    description: "",
    model: "sim:default",
    simulated: true,
    fallback_model: null,
    router_model: null,
    tools: ["get_order"],
    required_evidence: [],
    on_reject: "continue",
    dry_run: true,
    max_steps: 3,
    max_seconds: 60,
    max_tool_calls: null,
    max_tokens: null,
    max_cost_usd: null,
    version: 1,
    updated_at: "2026-01-01T00:00:00.000Z",
    archived_at: null,
    instructions: "x",
    created_at: "2026-01-01T00:00:00.000Z",
  };
}
