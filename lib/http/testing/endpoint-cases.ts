import type { Scope } from "@/lib/auth/scopes";
import type { EndpointFixture } from "./endpoint-fixture";

type Resources = EndpointFixture["a"];

// Route handlers. `scope` is what the endpoint requires; `public` needs no caller.
export type RouteCase = {
  scope: Scope | "public";
  /** How it authenticates: a bearer API key (/api/v1) or the signed-in session (the app's own feeds). */
  auth: "api_key" | "session" | "none";
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  query?: string;
  /** Answers from a stream: read the status, then close it. */
  stream?: boolean;
  /** Names A's resource: another tenant must get 404 (else: a list, which must not show A's data). */
  namesResource?: boolean;
  /**
   * The body another tenant sends: valid, so that only the resource's tenant can stop it (the body
   * the others send is invalid on purpose, so that a permitted call changes nothing).
   */
  validBody?: unknown;
};

/** Every route handler, by method and file, and the request that calls it. */
export const routeCases = (a: Resources): Record<string, RouteCase> => ({
  "GET app/api/health/route.ts": { scope: "public", auth: "none", path: "/api/health" },
  "GET app/api/demo/health/route.ts": { scope: "public", auth: "none", path: "/api/demo/health" },
  "GET app/api/v1/openapi.json/route.ts": { scope: "public", auth: "none", path: "/api/v1/openapi.json" },
  "GET app/api/approvals/events/route.ts": {
    scope: "approvals:read",
    auth: "session",
    path: "/api/approvals/events",
    stream: true,
  },
  "GET app/api/runs/events/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/events",
    stream: true,
  },
  "GET app/api/runs/[id]/stream/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/x/stream",
    params: { id: a.runId },
    stream: true,
    namesResource: true,
  },
  "GET app/api/runs/[id]/outline/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/x/outline",
    params: { id: a.runId },
    namesResource: true,
  },
  "GET app/api/runs/[id]/receipts/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/x/receipts",
    params: { id: a.runId },
    namesResource: true,
  },
  "GET app/api/runs/[id]/steps/[seq]/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/x/steps/1",
    params: { id: a.runId, seq: "1" },
    namesResource: true,
  },
  "GET app/api/runs/[id]/spans/[spanId]/route.ts": {
    scope: "runs:read",
    auth: "session",
    path: "/api/runs/x/spans/y",
    params: { id: a.runId, spanId: "0000000000000000" },
    namesResource: true,
  },
  "GET app/api/agents/[id]/export/route.ts": {
    scope: "agents:read",
    auth: "session",
    path: "/api/agents/x/export",
    params: { id: a.agentId },
    namesResource: true,
  },
  "GET app/api/policies/export/route.ts": {
    scope: "policies:read",
    auth: "session",
    path: "/api/policies/export",
  },
  "GET app/api/v1/me/route.ts": { scope: "runs:read", auth: "api_key", path: "/api/v1/me" },
  "GET app/api/v1/runs/route.ts": { scope: "runs:read", auth: "api_key", path: "/api/v1/runs" },
  "POST app/api/v1/runs/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/runs",
    body: { agent: "no-such-agent", input: "x" },
  },
  "GET app/api/v1/runs/[id]/route.ts": {
    scope: "runs:read",
    auth: "api_key",
    path: "/api/v1/runs/x",
    params: { id: a.runId },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/outcome/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/runs/x/outcome",
    params: { id: a.runId },
    body: { outcome: "not-an-outcome" },
    validBody: { outcome: "accepted" },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/promote/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/runs/x/promote",
    params: { id: a.runId },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/replay/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/runs/x/replay",
    params: { id: a.runId },
    body: { mode: "recorded" },
    namesResource: true,
  },
  "POST app/api/v1/gate/runs/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs",
    body: { agent: "" },
  },
  "POST app/api/v1/gate/runs/[id]/calls/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/calls",
    params: { id: a.runId },
    body: { tool: "" },
    validBody: { tool: "get_order", args: { order_id: "O-5001" } },
    namesResource: true,
  },
  "GET app/api/v1/gate/runs/[id]/calls/[call_id]/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/calls/y",
    params: { id: a.runId, call_id: a.runId },
    namesResource: true,
  },
  "POST app/api/v1/gate/runs/[id]/calls/[call_id]/result/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/calls/y/result",
    params: { id: a.runId, call_id: a.runId },
    body: { status: "maybe" },
    validBody: { status: "ok" },
    namesResource: true,
  },
  "POST app/api/v1/gate/runs/[id]/usage/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/usage",
    params: { id: a.runId },
    body: { input_tokens: -1 },
    validBody: { input_tokens: 10, output_tokens: 10 },
    namesResource: true,
  },
  "GET app/api/v1/gate/runs/[id]/events/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/events",
    params: { id: a.runId },
    stream: true,
    namesResource: true,
  },
  "POST app/api/v1/gate/runs/[id]/finish/route.ts": {
    scope: "runs:start",
    auth: "api_key",
    path: "/api/v1/gate/runs/x/finish",
    params: { id: a.runId },
    body: {},
    validBody: { answer: "done" },
    namesResource: true,
  },
  "GET app/api/v1/agents/route.ts": { scope: "agents:read", auth: "api_key", path: "/api/v1/agents" },
  "GET app/api/v1/agents/[id]/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x",
    params: { id: a.agentId },
    namesResource: true,
  },
  "PATCH app/api/v1/agents/[id]/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x",
    params: { id: a.agentId },
    body: { expected_version: -1 },
    validBody: { expected_version: 1, instructions: "Taken over." },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/export/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x/export",
    params: { id: a.agentId },
    namesResource: true,
  },
  "GET app/api/v1/eval-suites/route.ts": {
    scope: "evals:read",
    auth: "api_key",
    path: "/api/v1/eval-suites",
  },
  "POST app/api/v1/eval-suites/route.ts": {
    scope: "evals:write",
    auth: "api_key",
    path: "/api/v1/eval-suites",
    body: { format: "not-a-suite" },
  },
  "GET app/api/v1/eval-suites/[name]/route.ts": {
    scope: "evals:read",
    auth: "api_key",
    path: "/api/v1/eval-suites/x",
    params: { name: a.evalSuiteName },
    namesResource: true,
  },
  "POST app/api/v1/eval-suites/[name]/runs/route.ts": {
    scope: "evals:write",
    auth: "api_key",
    path: "/api/v1/eval-suites/x/runs",
    params: { name: a.evalSuiteName },
    body: { agent_version: -1 },
    validBody: {},
    namesResource: true,
  },
  "GET app/api/v1/eval-suites/[name]/runs/[id]/route.ts": {
    scope: "evals:read",
    auth: "api_key",
    path: "/api/v1/eval-suites/x/runs/y",
    params: { name: a.evalSuiteName, id: a.evalSuiteRunId },
    namesResource: true,
  },
  "GET app/api/eval-suites/[name]/file/route.ts": {
    scope: "evals:read",
    auth: "session",
    path: "/api/eval-suites/x/file",
    params: { name: a.evalSuiteName },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/readiness/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x/readiness",
    params: { id: a.agentId },
    namesResource: true,
  },
  "PUT app/api/v1/agents/[id]/readiness/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/readiness",
    params: { id: a.agentId },
    body: { suite: 5 },
    validBody: { suite: null },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/test-case/route.ts": {
    scope: "evals:write",
    auth: "api_key",
    path: "/api/v1/runs/x/test-case",
    params: { id: a.runId },
    body: { suite: "Not A Name" },
    validBody: { suite: "taken-by-another-tenant" },
    namesResource: true,
  },
  "POST app/api/v1/agents/import/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/import",
    body: { files: [{ name: "x.yaml", text: "kind: nothing" }] },
  },
  "POST app/api/v1/agents/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents",
    body: { name: "", model: "nobody:nothing" },
  },
  "DELETE app/api/v1/agents/[id]/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x",
    params: { id: a.spareAgentId },
    namesResource: true,
  },
  "POST app/api/v1/agents/[id]/unarchive/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/unarchive",
    params: { id: a.spareAgentId },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/versions/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x/versions",
    params: { id: a.agentId },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/versions/[version]/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x/versions/1",
    params: { id: a.agentId, version: "1" },
    namesResource: true,
  },
  "POST app/api/v1/agents/[id]/versions/[version]/restore/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/versions/1/restore",
    params: { id: a.agentId, version: "1" },
    body: { expected_version: -1 },
    validBody: { expected_version: 1 },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/rollout/route.ts": {
    scope: "agents:read",
    auth: "api_key",
    path: "/api/v1/agents/x/rollout",
    params: { id: a.agentId },
    namesResource: true,
  },
  "PUT app/api/v1/agents/[id]/rollout/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/rollout",
    params: { id: a.agentId },
    body: { candidate_version: -1, percent: 10 },
    validBody: { candidate_version: 1, percent: 10 },
    namesResource: true,
  },
  "DELETE app/api/v1/agents/[id]/rollout/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/rollout",
    params: { id: a.agentId },
    namesResource: true,
  },
  "POST app/api/v1/agents/[id]/rollout/promote/route.ts": {
    scope: "agents:write",
    auth: "api_key",
    path: "/api/v1/agents/x/rollout/promote",
    params: { id: a.agentId },
    body: { expected_version: -1 },
    validBody: { expected_version: 1 },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/memory/route.ts": {
    scope: "memory:read",
    auth: "api_key",
    path: "/api/v1/agents/x/memory",
    params: { id: a.agentId },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/memory-settings/route.ts": {
    scope: "memory:read",
    auth: "api_key",
    path: "/api/v1/agents/x/memory-settings",
    params: { id: a.agentId },
    namesResource: true,
  },
  "PUT app/api/v1/agents/[id]/memory-settings/route.ts": {
    scope: "memory:write",
    auth: "api_key",
    path: "/api/v1/agents/x/memory-settings",
    params: { id: a.agentId },
    body: { run_summaries: "yes" },
    validBody: { run_summaries: false },
    namesResource: true,
  },
  "GET app/api/v1/agents/[id]/memory/[key]/route.ts": {
    scope: "memory:read",
    auth: "api_key",
    path: "/api/v1/agents/x/memory/k",
    params: { id: a.agentId, key: a.memoryKey },
    namesResource: true,
  },
  "PUT app/api/v1/agents/[id]/memory/[key]/route.ts": {
    scope: "memory:write",
    auth: "api_key",
    path: "/api/v1/agents/x/memory/k",
    params: { id: a.agentId, key: a.memoryKey },
    body: { value: { note: "changed" }, expected_version: -1 },
    validBody: { value: { note: "changed" } },
    namesResource: true,
  },
  "DELETE app/api/v1/agents/[id]/memory/[key]/route.ts": {
    scope: "memory:write",
    auth: "api_key",
    path: "/api/v1/agents/x/memory/k",
    params: { id: a.agentId, key: "never-written" },
    namesResource: true,
  },
  "GET app/api/v1/playbooks/route.ts": {
    scope: "playbooks:read",
    auth: "api_key",
    path: "/api/v1/playbooks",
  },
  "POST app/api/v1/playbooks/route.ts": {
    scope: "playbooks:write",
    auth: "api_key",
    path: "/api/v1/playbooks",
    body: { name: "", instructions: "", tags: [] },
  },
  "GET app/api/v1/playbooks/[id]/route.ts": {
    scope: "playbooks:read",
    auth: "api_key",
    path: "/api/v1/playbooks/x",
    params: { id: a.playbookId },
    namesResource: true,
  },
  "PUT app/api/v1/playbooks/[id]/route.ts": {
    scope: "playbooks:write",
    auth: "api_key",
    path: "/api/v1/playbooks/x",
    params: { id: a.playbookId },
    body: { name: "fixture-playbook", instructions: "Changed.", tags: ["fixture"], expected_version: -1 },
    validBody: { name: "fixture-playbook", instructions: "Changed.", tags: ["fixture"], expected_version: 1 },
    namesResource: true,
  },
  "DELETE app/api/v1/playbooks/[id]/route.ts": {
    scope: "playbooks:write",
    auth: "api_key",
    path: "/api/v1/playbooks/x",
    params: { id: a.sparePlaybookId },
    namesResource: true,
  },
  "GET app/api/v1/documents/route.ts": {
    scope: "documents:read",
    auth: "api_key",
    path: "/api/v1/documents",
  },
  "POST app/api/v1/documents/route.ts": {
    scope: "documents:write",
    auth: "api_key",
    path: "/api/v1/documents",
    body: { title: "", text: "x" },
  },
  "GET app/api/v1/documents/search/route.ts": {
    scope: "documents:read",
    auth: "api_key",
    path: "/api/v1/documents/search",
    query: "?q=marker",
  },
  "GET app/api/v1/documents/[id]/route.ts": {
    scope: "documents:read",
    auth: "api_key",
    path: "/api/v1/documents/x",
    params: { id: a.documentId },
    namesResource: true,
  },
  "DELETE app/api/v1/documents/[id]/route.ts": {
    scope: "documents:write",
    auth: "api_key",
    path: "/api/v1/documents/x",
    params: { id: a.spareDocumentId },
    namesResource: true,
  },
  "GET app/api/v1/mcp-servers/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/mcp-servers",
  },
  "POST app/api/v1/mcp-servers/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/mcp-servers",
    body: { name: "", transport: "http", url: "nope" },
  },
  "DELETE app/api/v1/mcp-servers/[id]/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/mcp-servers/x",
    params: { id: a.spareMcpServerId },
    namesResource: true,
  },
  "POST app/api/v1/mcp-servers/[id]/refresh/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/mcp-servers/x/refresh",
    params: { id: a.mcpServerId },
    namesResource: true,
  },
  "GET app/api/v1/tools/route.ts": { scope: "agents:read", auth: "api_key", path: "/api/v1/tools" },
  "PATCH app/api/v1/tools/[name]/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/tools/x",
    params: { name: a.mcpToolName },
    body: { timeout_ms: 0 },
    validBody: { risk: "read" },
    namesResource: true,
  },
  "DELETE app/api/v1/tools/[name]/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/tools/x",
    params: { name: a.mcpToolName },
    namesResource: true,
  },
  "POST app/api/v1/tools/route.ts": {
    scope: "tools:manage",
    auth: "api_key",
    path: "/api/v1/tools",
    body: { name: "" },
  },
  "GET app/api/v1/api-keys/route.ts": { scope: "api_keys:manage", auth: "api_key", path: "/api/v1/api-keys" },
  "POST app/api/v1/api-keys/route.ts": {
    scope: "api_keys:manage",
    auth: "api_key",
    path: "/api/v1/api-keys",
    body: { name: "", role: "nobody" },
  },
  "DELETE app/api/v1/api-keys/[id]/route.ts": {
    scope: "api_keys:manage",
    auth: "api_key",
    path: "/api/v1/api-keys/x",
    params: { id: a.apiKeyId },
    namesResource: true,
  },
  "GET app/api/v1/webhooks/route.ts": { scope: "webhooks:manage", auth: "api_key", path: "/api/v1/webhooks" },
  "POST app/api/v1/webhooks/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks",
    body: { url: "ftp://x", events: [] },
  },
  "DELETE app/api/v1/webhooks/[id]/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks/x",
    params: { id: a.webhookId },
    namesResource: true,
  },
  "POST app/api/v1/webhooks/[id]/test/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks/x/test",
    params: { id: a.webhookId },
    namesResource: true,
  },
  "POST app/api/v1/webhooks/[id]/deliveries/[delivery_id]/resend/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks/x/deliveries/y/resend",
    params: { id: a.webhookId, delivery_id: "00000000-0000-4000-8000-000000000000" },
    namesResource: true,
  },
  "GET app/api/v1/alerts/route.ts": { scope: "dashboards:read", auth: "api_key", path: "/api/v1/alerts" },
  "GET app/api/v1/alerts/rules/route.ts": {
    scope: "dashboards:read",
    auth: "api_key",
    path: "/api/v1/alerts/rules",
  },
  "POST app/api/v1/alerts/rules/route.ts": {
    scope: "alerts:manage",
    auth: "api_key",
    path: "/api/v1/alerts/rules",
    body: { metric: "failure_rate", threshold: 2, window_minutes: 15 },
  },
  "DELETE app/api/v1/alerts/rules/[id]/route.ts": {
    scope: "alerts:manage",
    auth: "api_key",
    path: "/api/v1/alerts/rules/x",
    params: { id: "00000000-0000-4000-8000-000000000000" },
    namesResource: true,
  },
  "GET app/api/v1/views/route.ts": { scope: "runs:read", auth: "api_key", path: "/api/v1/views" },
  "POST app/api/v1/views/route.ts": {
    scope: "runs:read",
    auth: "api_key",
    path: "/api/v1/views",
    body: { name: "", query: "status=nope" },
  },
  "DELETE app/api/v1/views/[id]/route.ts": {
    scope: "runs:read",
    auth: "api_key",
    path: "/api/v1/views/x",
    params: { id: "00000000-0000-4000-8000-000000000000" },
    namesResource: true,
  },
  "GET app/api/v1/webhooks/escalation/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks/escalation",
  },
  "PUT app/api/v1/webhooks/escalation/route.ts": {
    scope: "webhooks:manage",
    auth: "api_key",
    path: "/api/v1/webhooks/escalation",
    body: { after_minutes: 0 },
  },
  "GET app/api/v1/approvals/route.ts": {
    scope: "approvals:read",
    auth: "api_key",
    path: "/api/v1/approvals",
  },
  "POST app/api/v1/approvals/[id]/decision/route.ts": {
    scope: "approvals:decide",
    auth: "api_key",
    path: "/api/v1/approvals/x/decision",
    params: { id: a.approvalId },
    body: { decision: "maybe" },
    validBody: { decision: "approve" },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/messages/route.ts": {
    scope: "runs:steer",
    auth: "api_key",
    path: "/api/v1/runs/x/messages",
    params: { id: a.parkedRunId },
    body: { message: "" },
    validBody: { message: "Check the order total first." },
    namesResource: true,
  },
  "POST app/api/v1/runs/[id]/finish/route.ts": {
    scope: "runs:steer",
    auth: "api_key",
    path: "/api/v1/runs/x/finish",
    params: { id: a.parkedRunId },
    body: { outcome: "maybe", note: "" },
    validBody: { outcome: "failed", note: "Refunded by phone." },
    namesResource: true,
  },
  "GET app/api/v1/questions/route.ts": {
    scope: "approvals:read",
    auth: "api_key",
    path: "/api/v1/questions",
  },
  "POST app/api/v1/questions/[id]/answer/route.ts": {
    scope: "approvals:decide",
    auth: "api_key",
    path: "/api/v1/questions/x/answer",
    params: { id: a.questionId },
    body: { answer: "" },
    validBody: { answer: "The order is O-5003." },
    namesResource: true,
  },
  "POST app/api/v1/kill/route.ts": {
    scope: "kill:engage",
    auth: "api_key",
    path: "/api/v1/kill",
    body: { scope: "run", target: a.parkedRunId, reason: "" },
    validBody: { scope: "run", target: a.parkedRunId, reason: "taken over" },
    namesResource: true,
  },
  "POST app/api/v1/kill/release/route.ts": {
    scope: "kill:engage",
    auth: "api_key",
    path: "/api/v1/kill/release",
    body: { scope: "agent", target: a.agentId },
    namesResource: true,
  },
  "GET app/api/v1/platform/tenants/route.ts": {
    scope: "tenants:manage",
    auth: "api_key",
    path: "/api/v1/platform/tenants",
  },
  "POST app/api/v1/platform/tenants/route.ts": {
    scope: "tenants:manage",
    auth: "api_key",
    path: "/api/v1/platform/tenants",
    body: { name: "Fuzzed tenant", admin_email: "first@fuzzed.test" },
  },
  "PATCH app/api/v1/platform/tenants/[id]/route.ts": {
    scope: "tenants:manage",
    auth: "api_key",
    path: "/api/v1/platform/tenants/x",
    params: { id: a.tenantId },
    body: { suspended: true, reason: "fuzz" },
  },
  "GET app/api/v1/members/route.ts": { scope: "members:read", auth: "api_key", path: "/api/v1/members" },
  "POST app/api/v1/members/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members",
    body: { email: "not-an-email", role: "viewer" },
  },
  "PATCH app/api/v1/members/[user_id]/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members/x",
    params: { user_id: a.memberId },
    body: { role: "nobody" },
    validBody: { role: "admin" },
    namesResource: true,
  },
  "DELETE app/api/v1/members/[user_id]/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members/x",
    params: { user_id: a.memberId },
    namesResource: true,
  },
  "GET app/api/v1/metrics/cost/route.ts": {
    scope: "dashboards:read",
    auth: "api_key",
    path: "/api/v1/metrics/cost",
  },
  "GET app/api/v1/metrics/envelope/route.ts": {
    scope: "dashboards:read",
    auth: "api_key",
    path: "/api/v1/metrics/envelope",
  },
  "GET app/api/v1/metrics/ops/route.ts": {
    scope: "dashboards:read",
    auth: "api_key",
    path: "/api/v1/metrics/ops",
  },
  "GET app/api/v1/metrics/undo/route.ts": {
    scope: "dashboards:read",
    auth: "api_key",
    path: "/api/v1/metrics/undo",
  },
  "GET app/api/v1/policies/route.ts": { scope: "policies:read", auth: "api_key", path: "/api/v1/policies" },
  "PUT app/api/v1/policies/route.ts": {
    scope: "policies:write",
    auth: "api_key",
    path: "/api/v1/policies",
    body: { text: "not cedar (" },
  },
  "POST app/api/v1/policies/restore/route.ts": {
    scope: "policies:write",
    auth: "api_key",
    path: "/api/v1/policies/restore",
    body: { version: 999_999 },
  },
  "POST app/api/v1/policies/test/route.ts": {
    scope: "policies:read",
    auth: "api_key",
    path: "/api/v1/policies/test",
    body: { agent: a.agentName, tool: "get_order", args: { order_id: "O-1001" } },
  },
  "GET app/api/v1/prices/route.ts": { scope: "dashboards:read", auth: "api_key", path: "/api/v1/prices" },
  "PUT app/api/v1/prices/route.ts": {
    scope: "prices:manage",
    auth: "api_key",
    path: "/api/v1/prices",
    body: { model: "" },
  },
  "DELETE app/api/v1/prices/route.ts": {
    scope: "prices:manage",
    auth: "api_key",
    path: "/api/v1/prices",
    query: "?model=sim:default&effective_from=2000-01-01",
  },
  "POST app/api/v1/receipts/[id]/undo/route.ts": {
    scope: "receipts:undo",
    auth: "api_key",
    path: "/api/v1/receipts/x/undo",
    params: { id: a.receiptId },
    body: { reason: "" },
    validBody: { reason: "taken over" },
    namesResource: true,
  },
  "POST app/api/v1/receipts/[id]/mark-reverted/route.ts": {
    scope: "receipts:undo",
    auth: "api_key",
    path: "/api/v1/receipts/x/mark-reverted",
    params: { id: a.receiptId },
    body: { note: "" },
    validBody: { note: "taken over" },
    namesResource: true,
  },
});

/** Route files that are not Flightdeck's own handlers, and why. */
export const routesElsewhere: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's sign-in endpoints",
  "app/api/v1/[...path]/route.ts": "answers 404 for every unknown /api/v1 path",
  "app/api/otlp/v1/traces/route.ts":
    "OTLP ingest takes ingest keys only (every role's key is refused): callers and malformed bodies in lib/otlp/ingest.int.test.ts",
};

export type ActionCase = {
  /** `public`: anyone may call it (a secret in the arguments decides, e.g. an invitation token). */
  scope: Scope | "signed-in" | "public";
  /** A permitted caller may still be refused for a feature that is not configured here (SSO). */
  refusedWhenUnconfigured?: boolean;
  args: () => unknown[];
  namesResource?: boolean;
  /** What another tenant sends: valid arguments, so that only the resource's tenant can stop them. */
  validArgs?: () => unknown[];
};

const form = (fields: Record<string, string> = {}) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

/** Every server action, by file and export, and the arguments it is called with. */
export const actionCases = (a: Resources): Record<string, ActionCase> => ({
  "app/(app)/actions.ts#switchTenantAction": {
    scope: "signed-in",
    args: () => [a.tenantId],
    namesResource: true,
  },
  "app/(app)/agents/[id]/actions.ts#updateAgentAction": {
    scope: "agents:write",
    args: () => [{}, form({ id: a.agentId, expectedVersion: "-1" })],
    validArgs: () => [{}, form({ id: a.agentId, expectedVersion: "1", instructions: "Taken over." })],
    namesResource: true,
  },
  "app/(app)/agents/[id]/actions.ts#archiveAgentAction": {
    scope: "agents:write",
    args: () => [a.spareAgentId, true],
    namesResource: true,
  },
  "app/(app)/agents/[id]/actions.ts#restoreAgentVersionAction": {
    scope: "agents:write",
    args: () => [a.agentId, 1, -1],
    validArgs: () => [a.agentId, 1, 1],
    namesResource: true,
  },
  "app/(app)/agents/[id]/rollout-actions.ts#setRolloutAction": {
    scope: "agents:write",
    args: () => [null, form({ agentId: a.agentId, candidateVersion: "-1", percent: "10" })],
    validArgs: () => [
      null,
      form({
        agentId: a.agentId,
        candidateVersion: "1",
        percent: "10",
        shadowPercent: "0",
        marginPct: "10",
        windowMinutes: "60",
        minRuns: "20",
      }),
    ],
    namesResource: true,
  },
  "app/(app)/agents/[id]/rollout-actions.ts#abandonRolloutAction": {
    scope: "agents:write",
    args: () => [a.agentId],
    namesResource: true,
  },
  "app/(app)/agents/[id]/rollout-actions.ts#promoteRolloutAction": {
    scope: "agents:write",
    args: () => [a.agentId, -1],
    validArgs: () => [a.agentId, 1],
    namesResource: true,
  },
  "app/(app)/agents/[id]/memory/actions.ts#saveMemoryAction": {
    scope: "memory:write",
    args: () => [a.agentId, { key: a.memoryKey, valueJson: "{", expectedVersion: 1 }],
    validArgs: () => [a.agentId, { key: a.memoryKey, valueJson: '"changed"' }],
    namesResource: true,
  },
  "app/(app)/agents/[id]/memory/actions.ts#deleteMemoryAction": {
    scope: "memory:write",
    args: () => [a.agentId, { key: "never-written" }],
    validArgs: () => [a.agentId, { key: a.memoryKey }],
    namesResource: true,
  },
  "app/(app)/playbooks/actions.ts#savePlaybookAction": {
    scope: "playbooks:write",
    args: () => [
      null,
      form({ id: a.playbookId, name: "", instructions: "", tags: "", expectedVersion: "1" }),
    ],
    validArgs: () => [
      null,
      form({
        id: a.playbookId,
        name: "fixture-playbook",
        instructions: "Changed.",
        tags: "fixture",
        expectedVersion: "1",
      }),
    ],
    namesResource: true,
  },
  "app/(app)/playbooks/actions.ts#deletePlaybookAction": {
    scope: "playbooks:write",
    args: () => ["00000000-0000-4000-8000-000000000000"],
    validArgs: () => [a.playbookId],
    namesResource: true,
  },
  "app/(app)/documents/actions.ts#addDocumentAction": {
    scope: "documents:write",
    args: () => [{ title: "", text: "x" }],
  },
  "app/(app)/documents/actions.ts#deleteDocumentAction": {
    scope: "documents:write",
    args: () => ["00000000-0000-4000-8000-000000000000"],
    validArgs: () => [a.spareDocumentId],
    namesResource: true,
  },
  "app/(app)/agents/import/actions.ts#importAgentsAction": {
    scope: "agents:write",
    args: () => [{ files: [{ name: "x.yaml", text: "kind: nothing" }], dryRun: false }],
  },
  "app/(app)/agents/new/actions.ts#createAgentAction": {
    scope: "agents:write",
    args: () => [{}, form({ name: "", model: "nobody:nothing" })],
  },
  "app/(app)/tools/actions.ts#registerMcpServerAction": {
    scope: "tools:manage",
    args: () => [{}, form({ name: "", transport: "http", url: "not a url" })],
  },
  "app/(app)/tools/actions.ts#refreshMcpServerAction": {
    scope: "tools:manage",
    args: () => [a.mcpServerId],
    namesResource: true,
  },
  "app/(app)/tools/actions.ts#deleteMcpServerAction": {
    scope: "tools:manage",
    args: () => ["00000000-0000-4000-8000-000000000000"],
  },
  "app/(app)/tools/actions.ts#updateMcpToolSettingsAction": {
    scope: "tools:manage",
    args: () => [{}, form({ tool: a.mcpToolName, risk: "nothing", timeoutSeconds: "30" })],
    validArgs: () => [{}, form({ tool: a.mcpToolName, risk: "read", timeoutSeconds: "30" })],
    namesResource: true,
  },
  "app/(app)/policies/actions.ts#savePolicyAction": {
    scope: "policies:write",
    args: () => [{ text: "not cedar (", comment: "", baseVersion: -1 }],
  },
  "app/(app)/policies/actions.ts#restorePolicyAction": { scope: "policies:write", args: () => [999_999] },
  "app/(app)/policies/actions.ts#policyVersionAction": { scope: "policies:read", args: () => [1] },
  "app/(app)/policies/actions.ts#testPolicyCallAction": {
    scope: "policies:read",
    args: () => [{ agent: a.agentName, tool: "get_order", args: { order_id: "O-1001" } }],
  },
  "app/(app)/approvals/actions.ts#listApprovalsAction": { scope: "approvals:read", args: () => [{}] },
  "app/(app)/approvals/actions.ts#approvalDetailAction": {
    scope: "approvals:read",
    args: () => [a.approvalId],
    namesResource: true,
  },
  "app/(app)/approvals/actions.ts#decideApprovalAction": {
    scope: "approvals:decide",
    args: () => [a.approvalId, { decision: "maybe" }],
    validArgs: () => [a.approvalId, { decision: "approve" }],
    namesResource: true,
  },
  "app/(app)/runs/[id]/take-over-actions.ts#finishRunByHandAction": {
    scope: "runs:steer",
    args: () => [null, form({ runId: a.parkedRunId, outcome: "maybe", note: "" })],
    validArgs: () => [null, form({ runId: a.parkedRunId, outcome: "failed", note: "Refunded by phone." })],
    namesResource: true,
  },
  "app/(app)/runs/[id]/message-actions.ts#sendRunMessageAction": {
    scope: "runs:steer",
    args: () => [null, form({ runId: a.parkedRunId, message: "" })],
    validArgs: () => [null, form({ runId: a.parkedRunId, message: "Check the order total first." })],
    namesResource: true,
  },
  "app/(app)/approvals/actions.ts#answerQuestionAction": {
    scope: "approvals:decide",
    args: () => [a.questionId, { answer: "" }],
    validArgs: () => [a.questionId, { answer: "The order is O-5003." }],
    namesResource: true,
  },
  "app/(app)/settings/actions.ts#inviteMemberAction": {
    scope: "members:manage",
    args: () => [{}, form({ email: "not-an-email", role: "viewer" })],
  },
  "app/(app)/settings/actions.ts#changeRoleAction": {
    scope: "members:manage",
    args: () => [a.memberId, "nobody"],
    validArgs: () => [a.memberId, "admin"],
    namesResource: true,
  },
  "app/(app)/settings/actions.ts#removeMemberAction": {
    scope: "members:manage",
    args: () => [a.memberId],
    namesResource: true,
  },
  "app/(app)/settings/actions.ts#revokeInvitationAction": {
    scope: "members:manage",
    args: () => [a.invitationId],
    namesResource: true,
  },
  "app/(app)/settings/actions.ts#createApiKeyAction": {
    scope: "api_keys:manage",
    args: () => [{}, form({ name: "", role: "nobody" })],
  },
  "app/(app)/settings/actions.ts#revokeApiKeyAction": {
    scope: "api_keys:manage",
    args: () => [a.apiKeyId],
    namesResource: true,
  },
  "app/(app)/settings/webhook-actions.ts#createWebhookAction": {
    scope: "webhooks:manage",
    args: () => [{}, form({ url: "ftp://x" })],
  },
  "app/(app)/settings/webhook-actions.ts#deleteWebhookAction": {
    scope: "webhooks:manage",
    args: () => [a.webhookId],
    namesResource: true,
  },
  "app/(app)/settings/webhook-actions.ts#sendTestWebhookAction": {
    scope: "webhooks:manage",
    args: () => [a.webhookId],
    namesResource: true,
  },
  "app/(app)/settings/webhook-actions.ts#resendWebhookDeliveryAction": {
    scope: "webhooks:manage",
    args: () => [a.webhookId, "00000000-0000-4000-8000-000000000000"],
    namesResource: true,
  },
  "app/(app)/runs/(list)/view-actions.ts#saveViewAction": {
    scope: "runs:read",
    args: () => [{}, form({ name: "", query: "status=nope" })],
  },
  "app/(app)/runs/(list)/view-actions.ts#deleteViewAction": {
    scope: "runs:read",
    args: () => ["00000000-0000-4000-8000-000000000000"],
    namesResource: true,
  },
  "app/(app)/settings/alert-actions.ts#createAlertRuleAction": {
    scope: "alerts:manage",
    args: () => [{}, form({ metric: "failure_rate", threshold: "200", window_minutes: "15", min_runs: "5" })],
  },
  "app/(app)/settings/alert-actions.ts#deleteAlertRuleAction": {
    scope: "alerts:manage",
    args: () => ["00000000-0000-4000-8000-000000000000"],
    namesResource: true,
  },
  "app/(app)/settings/webhook-actions.ts#setEscalationAction": {
    scope: "webhooks:manage",
    args: () => [{}, form({ after_minutes: "0" })],
  },
  "app/(app)/settings/actions.ts#setTenantBudgetAction": {
    scope: "budgets:manage",
    args: () => [{}, form({ dailyCostUsd: "-1" })],
  },
  "app/(app)/settings/actions.ts#setBudgetAlertsAction": {
    scope: "budgets:manage",
    args: () => [{}, form({ alertThreshold: "-1" })],
  },
  "app/(app)/settings/actions.ts#verifyReceiptsAction": {
    scope: "receipts:verify",
    args: () => [{}, form()],
  },
  "app/(app)/platform/actions.ts#createTenantAction": {
    scope: "tenants:manage",
    args: () => [{}, form({ name: "Fuzzed tenant", admin_email: "first@fuzzed.test" })],
  },
  "app/(app)/platform/actions.ts#renameTenantAction": {
    scope: "tenants:manage",
    args: () => [{}, form({ id: a.tenantId, name: "Renamed" })],
    namesResource: true,
  },
  "app/(app)/platform/actions.ts#suspendTenantAction": {
    scope: "tenants:manage",
    args: () => [{}, form({ id: a.tenantId, reason: "fuzz" })],
    namesResource: true,
  },
  "app/(app)/platform/actions.ts#resumeTenantAction": {
    scope: "tenants:manage",
    args: () => [a.tenantId],
    namesResource: true,
  },
  "app/(app)/kill-actions.ts#engageKillAction": {
    scope: "kill:engage",
    args: () => [{}, form({ scope: "run", target: a.parkedRunId, reason: "" })],
    validArgs: () => [{}, form({ scope: "run", target: a.parkedRunId, reason: "taken over" })],
    namesResource: true,
  },
  "app/(app)/kill-actions.ts#bulkStopAction": {
    scope: "kill:engage",
    args: () => [{}, form({ runId: a.parkedRunId, reason: "" })],
    validArgs: () => [{}, form({ runId: a.parkedRunId, reason: "taken over" })],
    namesResource: true,
  },
  "app/(app)/runs/[id]/follow-up-actions.ts#promoteRunAction": {
    scope: "runs:start",
    args: () => [a.runId],
    namesResource: true,
  },
  "app/(app)/runs/[id]/replay-actions.ts#replayRunAction": {
    scope: "runs:start",
    args: () => [null, form({ runId: a.runId, mode: "sideways" })],
    validArgs: () => [null, form({ runId: a.runId, mode: "recorded" })],
    namesResource: true,
  },
  "app/(app)/evals/actions.ts#importSuiteAction": {
    scope: "evals:write",
    args: () => [null, form({ text: "not json" })],
  },
  "app/(app)/evals/actions.ts#queueSuiteRunAction": {
    scope: "evals:write",
    args: () => [null, form({ suite: a.evalSuiteName, agentVersion: "x" })],
    validArgs: () => [null, form({ suite: a.evalSuiteName })],
    namesResource: true,
  },
  "app/(app)/agents/[id]/memory/settings-actions.ts#setRunSummariesAction": {
    scope: "memory:write",
    args: () => [null, form({ agentId: "no-such-agent", runSummaries: "on" })],
    validArgs: () => [null, form({ agentId: a.agentId })],
    namesResource: true,
  },
  "app/(app)/agents/[id]/readiness-actions.ts#setReadinessGateAction": {
    scope: "agents:write",
    args: () => [null, form({ agentId: a.agentId, suite: "No Such Suite" })],
    validArgs: () => [null, form({ agentId: a.agentId, suite: "" })],
    namesResource: true,
  },
  "app/(app)/runs/[id]/test-case-actions.ts#saveTestCaseAction": {
    scope: "evals:write",
    args: () => [null, form({ runId: a.runId, suite: "Not A Name" })],
    validArgs: () => [null, form({ runId: a.runId, suite: "from-another-tenant" })],
    namesResource: true,
  },
  "app/(app)/runs/[id]/follow-up-actions.ts#setRunOutcomeAction": {
    scope: "approvals:decide",
    args: () => [a.runId, "not-an-outcome", ""],
    validArgs: () => [a.runId, "accepted", ""],
    namesResource: true,
  },
  "app/(app)/runs/new/actions.ts#startRunAction": {
    scope: "runs:start",
    args: () => [{}, form({ agent: "no-such-agent", input: "x" })],
  },
  "app/(app)/settings/demo-shop-actions.ts#setDemoShopAction": {
    scope: "agents:write",
    args: () => [{}, form({ healthy: "healthy", flakyPercent: "-5" })],
  },
  "app/(app)/settings/redaction-actions.ts#setRedactionAction": {
    scope: "redaction:manage",
    args: () => [{}, form({ types: "nothing-such", patterns: "(" })],
  },
  "app/(app)/time-zone-actions.ts#setTimeZoneAction": {
    scope: "signed-in",
    args: () => ["Not/A_Zone"],
  },
  "app/(app)/settings/account-actions.ts#changePasswordAction": {
    scope: "signed-in",
    args: () => [{}, form({ currentPassword: "not the password", newPassword: "short" })],
  },
  "app/(app)/settings/account-actions.ts#startSsoLinkAction": {
    scope: "signed-in",
    args: () => [{}, form({ currentPassword: "not the password" })],
    refusedWhenUnconfigured: true,
  },
  "app/(app)/settings/account-actions.ts#unlinkSsoAction": {
    scope: "signed-in",
    args: () => ["https://no-such-issuer.example", "nobody"],
  },
  "app/(app)/settings/actions.ts#resetSignInAction": {
    scope: "members:manage",
    args: () => [a.memberId],
    namesResource: true,
  },
  "app/invite/[token]/actions.ts#acceptWithPasswordAction": {
    scope: "public",
    args: () => [{}, form({ token: "no-such-token", password: "a long enough password" })],
  },
  "app/invite/[token]/actions.ts#acceptAsSignedInAction": {
    scope: "signed-in",
    args: () => [{}, form({ token: "no-such-token" })],
  },
  "app/(app)/settings/price-actions.ts#setPriceAction": {
    scope: "prices:manage",
    args: () => [{}, form({ model: "" })],
  },
  "app/(app)/settings/price-actions.ts#deletePriceAction": {
    scope: "prices:manage",
    args: () => ["sim:default", "2000-01-01"],
  },
  "app/(app)/receipt-actions.ts#undoReceiptAction": {
    scope: "receipts:undo",
    args: () => [{}, form({ receiptId: a.receiptId, reason: "" })],
    validArgs: () => [{}, form({ receiptId: a.receiptId, reason: "taken over" })],
    namesResource: true,
  },
  "app/(app)/receipt-actions.ts#markRevertedAction": {
    scope: "receipts:undo",
    args: () => [{}, form({ receiptId: a.receiptId, note: "" })],
    validArgs: () => [{}, form({ receiptId: a.receiptId, note: "taken over" })],
    namesResource: true,
  },
  "app/(app)/kill-actions.ts#releaseKillAction": {
    scope: "kill:engage",
    args: () => [{ scope: "agent", target: a.agentId }],
    namesResource: true,
  },
});

/** Exports of "use server" files that are not actions a browser can call, and why. */
export const actionsElsewhere: Record<string, string> = {};
