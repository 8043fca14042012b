import { readdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { agents, approvals, receipts } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/auth/actor";
import { roleHasScope, type Scope } from "@/lib/auth/scopes";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";

/**
 * Every route handler and server action × every kind of caller → the outcome it must get. The
 * registries below are checked against the files on disk: an endpoint missing from them fails
 * this test, so a new endpoint cannot ship without saying who may call it.
 */

// The signed-in person, as next-auth and the tenant cookie would give them to the app.
const signedIn: { userId: string | null; tenant: string | undefined } = { userId: null, tenant: undefined };
vi.mock("server-only", () => ({}));
vi.mock("next-auth", async (original) => ({
  ...(await original<object>()),
  getServerSession: async () => (signedIn.userId ? { userId: signedIn.userId } : null),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (name === "fd_tenant" && signedIn.tenant ? { value: signedIn.tenant } : undefined),
    set: () => {},
    delete: () => {},
  }),
  headers: async () => new Headers({ host: "localhost:3000", origin: "http://localhost:3000" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${url}` });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  },
}));

const root = path.resolve(import.meta.dirname, "../..");
const { db } = await createTestDatabase();

// Tenant A holds the resources; B is another tenant whose admin must reach none of them.
const { operator: seedOperator, tenantId } = await demoTenant(db);
const tenantA = { id: tenantId, name: seedOperator.tenantName };
const people = {
  viewer: await createMember(db, tenantA, "viewer"),
  operator: await createMember(db, tenantA, "operator"),
  admin: await createMember(db, tenantA, "admin"),
};
const tenantB = await createTenant(db, "Other Tenant");
const outsider = await createMember(db, tenantB, "admin");
const keyOf = async (actor: Actor, role: Actor["role"]) =>
  (await createApiKey(db, actor, { name: role, role })).key;
const keys = {
  viewer: await keyOf(people.admin, "viewer"),
  operator: await keyOf(people.admin, "operator"),
  admin: await keyOf(people.admin, "admin"),
  outsider: await keyOf(outsider, "admin"),
  revoked: "",
};
const doomed = await createApiKey(db, people.admin, { name: "revoked", role: "admin" });
await revokeApiKey(db, people.admin, { id: doomed.id });
keys.revoked = doomed.key;

// A's resources, which the matrix names in its requests.
const engine = testEngine(db);
const parked = await runToEnd(db, engine, people.operator, {
  agent: "support-triage",
  input: "Resolve ticket T-1004",
});
const finished = await runToEnd(db, engine, people.operator, {
  agent: "ops-health",
  input: "Check the app's health",
});
const [approval] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
const [receipt] = await db.select().from(receipts).where(eq(receipts.tenantId, tenantId));
const [agent] = await db.select().from(agents).where(eq(agents.tenantId, tenantId));
const spare = await createMember(db, tenantA, "viewer");
const spareKey = await createApiKey(db, people.admin, { name: "spare", role: "viewer" });
if (!approval || !receipt || !agent) throw new Error("fixture incomplete");
const a = {
  runId: finished.id,
  parkedRunId: parked.id,
  approvalId: approval.id,
  receiptId: String(receipt.id),
  agentId: agent.id,
  agentName: agent.name,
  memberId: spare.id,
  apiKeyId: spareKey.id,
};
/** Text that only A's data contains: none of it may reach B. */
const markersOfA = [tenantId, finished.id, parked.id, approval.id, agent.id, people.admin.label, spare.label];

type Caller = "anonymous" | "revoked key" | "viewer" | "operator" | "admin" | "another tenant";
type Outcome = { status: number; text: string };

// ---------------------------------------------------------------------------------------------
// Route handlers. `scope` is what the endpoint requires; `public` needs no caller.
type RouteCase = {
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

const routes: Record<string, RouteCase> = {
  "GET app/api/health/route.ts": { scope: "public", auth: "none", path: "/api/health" },
  "GET app/api/demo/health/route.ts": { scope: "public", auth: "none", path: "/api/demo/health" },
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
    body: { expectedVersion: -1 },
    validBody: { expectedVersion: 1, instructions: "Taken over." },
    namesResource: true,
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
  "GET app/api/v1/members/route.ts": { scope: "members:read", auth: "api_key", path: "/api/v1/members" },
  "POST app/api/v1/members/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members",
    body: { email: "not-an-email", role: "viewer" },
  },
  "PATCH app/api/v1/members/[userId]/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members/x",
    params: { userId: a.memberId },
    body: { role: "nobody" },
    validBody: { role: "admin" },
    namesResource: true,
  },
  "DELETE app/api/v1/members/[userId]/route.ts": {
    scope: "members:manage",
    auth: "api_key",
    path: "/api/v1/members/x",
    params: { userId: a.memberId },
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
};

/** Route files that are not Flightdeck's own handlers, and why. */
const routesElsewhere: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's sign-in endpoints",
  "app/api/v1/[...path]/route.ts": "answers 404 for every unknown /api/v1 path",
};

function routeFiles(dir = path.join(root, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [path.relative(root, full)] : [];
  });
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

async function callRoute(file: string, method: string, spec: RouteCase, caller: Caller): Promise<Outcome> {
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  const handler = module[method] as (request: Request, context: unknown) => Promise<Response>;
  const headers = new Headers();
  signedIn.userId = null;
  signedIn.tenant = undefined;
  if (spec.auth === "api_key") {
    const key = {
      anonymous: null,
      "revoked key": keys.revoked,
      viewer: keys.viewer,
      operator: keys.operator,
      admin: keys.admin,
      "another tenant": keys.outsider,
    }[caller];
    if (key) headers.set("authorization", `Bearer ${key}`);
  } else if (caller !== "anonymous" && caller !== "revoked key") {
    const person = caller === "another tenant" ? outsider : people[caller];
    signedIn.userId = person.id;
    signedIn.tenant = person.tenantId;
  } else if (caller === "revoked key") {
    headers.set("authorization", `Bearer ${keys.revoked}`);
  }
  const body = caller === "another tenant" && spec.validBody !== undefined ? spec.validBody : spec.body;
  if (body !== undefined) headers.set("content-type", "application/json");
  const abort = new AbortController();
  const request = new Request(`http://localhost:3000${spec.path}${spec.query ?? ""}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: abort.signal,
  });
  const response = await handler(request, { params: Promise.resolve(spec.params ?? {}) });
  let text = "";
  if (spec.stream && response.status === 200) {
    abort.abort();
    await response.body?.cancel().catch(() => {});
  } else {
    text = await response.text();
  }
  return { status: response.status, text };
}

function expectRouteOutcome(spec: RouteCase, caller: Caller, outcome: Outcome) {
  const where = `${caller}: ${outcome.status} ${outcome.text.slice(0, 200)}`;
  expect(outcome.status, where).toBeLessThan(500);
  if (spec.scope === "public") return;
  if (caller === "anonymous" || caller === "revoked key") return expect(outcome.status, where).toBe(401);
  if (caller === "another tenant") {
    if (spec.namesResource) expect([403, 404], where).toContain(outcome.status);
    for (const marker of markersOfA) expect(outcome.text, where).not.toContain(marker);
    return;
  }
  if (roleHasScope(caller, spec.scope)) expect([401, 403], where).not.toContain(outcome.status);
  else expect(outcome.status, where).toBe(403);
}

// ---------------------------------------------------------------------------------------------
// Server actions: each is called with arguments that name A's resources.
type ActionCase = {
  scope: Scope | "signed-in";
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

const actions: Record<string, ActionCase> = {
  "app/(app)/actions.ts#switchTenantAction": {
    scope: "signed-in",
    args: () => [tenantId],
    namesResource: true,
  },
  "app/(app)/agents/[id]/actions.ts#updateAgentAction": {
    scope: "agents:write",
    args: () => [{}, form({ id: a.agentId, expectedVersion: "-1" })],
    validArgs: () => [{}, form({ id: a.agentId, expectedVersion: "1", instructions: "Taken over." })],
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
  "app/(app)/settings/actions.ts#createApiKeyAction": {
    scope: "api_keys:manage",
    args: () => [{}, form({ name: "", role: "nobody" })],
  },
  "app/(app)/settings/actions.ts#revokeApiKeyAction": {
    scope: "api_keys:manage",
    args: () => [a.apiKeyId],
    namesResource: true,
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
  "app/(app)/settings/price-actions.ts#setPriceAction": {
    scope: "prices:manage",
    args: () => [{}, form({ model: "" })],
  },
  "app/(app)/settings/price-actions.ts#deletePriceAction": {
    scope: "prices:manage",
    args: () => ["sim:default", "2000-01-01"],
  },
  "components/receipts/actions.ts#undoReceiptAction": {
    scope: "receipts:undo",
    args: () => [{}, form({ receiptId: a.receiptId, reason: "" })],
    validArgs: () => [{}, form({ receiptId: a.receiptId, reason: "taken over" })],
    namesResource: true,
  },
  "components/receipts/actions.ts#markRevertedAction": {
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
};

/** Exports of "use server" files that are not actions a browser can call, and why. */
const actionsElsewhere: Record<string, string> = {};

function actionFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".next", ".git", ".data", "e2e"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return [path.relative(root, full)];
  });
}

async function exportedActions(): Promise<string[]> {
  const { readFile } = await import("node:fs/promises");
  const found: string[] = [];
  for (const file of actionFiles()) {
    const text = await readFile(path.join(root, file), "utf8");
    if (!/^["']use server["'];?/m.test(text.trimStart().split("\n")[0] ?? "")) continue;
    for (const match of text.matchAll(/^export async function (\w+)/gm)) found.push(`${file}#${match[1]}`);
  }
  return found.sort();
}

async function callAction(id: string, spec: ActionCase, caller: Exclude<Caller, "revoked key">) {
  const [file, name] = id.split("#") as [string, string];
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  const action = module[name] as (...args: unknown[]) => Promise<unknown>;
  const person = caller === "anonymous" ? null : caller === "another tenant" ? outsider : people[caller];
  signedIn.userId = person?.id ?? null;
  signedIn.tenant = person?.tenantId;
  try {
    const args = caller === "another tenant" && spec.validArgs ? spec.validArgs() : spec.args();
    return { result: await action(...args) };
  } catch (error) {
    return { thrown: error };
  }
}

type ActionOutcome = Awaited<ReturnType<typeof callAction>>;
const codeOf = (outcome: ActionOutcome): string | undefined => {
  if ("thrown" in outcome) {
    const digest = String((outcome.thrown as { digest?: string })?.digest ?? "");
    return digest.startsWith("NEXT_REDIRECT") && digest.includes("/sign-in") ? "unauthenticated" : "thrown";
  }
  // An action's result, or a form's state that carries it as `result`.
  type Result = { ok?: boolean; error?: { code?: string } };
  const value = outcome.result as (Result & { result?: Result }) | undefined;
  const result = value?.result ?? value;
  return result?.ok === false ? result.error?.code : undefined;
};

function expectActionOutcome(
  spec: ActionCase,
  caller: Exclude<Caller, "revoked key">,
  outcome: ActionOutcome,
) {
  const code = codeOf(outcome);
  const where = `${caller}: ${code} ${JSON.stringify("result" in outcome ? outcome.result : String(outcome.thrown)).slice(0, 300)}`;
  expect(code, where).not.toBe("internal");
  expect(code, where).not.toBe("thrown");
  if (caller === "anonymous") return expect(code, where).toBe("unauthenticated");
  if (caller === "another tenant") {
    const text = JSON.stringify("result" in outcome ? outcome.result : null) ?? "";
    for (const marker of markersOfA) expect(text, where).not.toContain(marker);
    if (spec.namesResource) expect(["not_found", "forbidden", "invalid_input"], where).toContain(code);
    return;
  }
  if (spec.scope === "signed-in" || roleHasScope(caller, spec.scope))
    expect(["unauthenticated", "forbidden"], where).not.toContain(code);
  else expect(code, where).toBe("forbidden");
}

afterAll(() => {
  signedIn.userId = null;
});

describe("the authorization matrix", () => {
  it("names every route handler and every server action", async () => {
    const onDisk: string[] = [];
    for (const file of routeFiles()) {
      if (routesElsewhere[file]) continue;
      const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
      for (const method of METHODS)
        if (typeof module[method] === "function") onDisk.push(`${method} ${file}`);
    }
    expect(onDisk.sort()).toEqual(Object.keys(routes).sort());
    const exported = (await exportedActions()).filter((id) => !actionsElsewhere[id]);
    expect(exported).toEqual(Object.keys(actions).sort());
  }, 60_000);

  const routeCallers: Caller[] = [
    "anonymous",
    "revoked key",
    "another tenant",
    "viewer",
    "operator",
    "admin",
  ];
  for (const [id, spec] of Object.entries(routes)) {
    it(`${id}: ${spec.scope}`, async () => {
      const [method, file] = id.split(" ") as [string, string];
      for (const caller of routeCallers)
        expectRouteOutcome(spec, caller, await callRoute(file, method, spec, caller));
    });
  }

  const actionCallers = ["anonymous", "another tenant", "viewer", "operator", "admin"] as const;
  for (const [id, spec] of Object.entries(actions)) {
    it(`${id}: ${spec.scope}`, async () => {
      for (const caller of actionCallers)
        expectActionOutcome(spec, caller, await callAction(id, spec, caller));
    });
  }
});
