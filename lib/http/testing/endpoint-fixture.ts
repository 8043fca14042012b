import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, approvals, receipts } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createAgent } from "@/lib/agents/create-agent";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import type { Actor } from "@/lib/auth/actor";
import { addDocument } from "@/lib/documents/documents";
import { SUITE_FORMAT } from "@/lib/evals/case-schema";
import { queueSuiteRun } from "@/lib/evals/queue-suite-run";
import { importSuite } from "@/lib/evals/suite-store";
import { outboxTransport } from "@/lib/mail/transport";
import { seedMcpServer } from "@/lib/mcp-servers/testing/seed";
import { inviteMember } from "@/lib/members/members";
import { putMemoryItem } from "@/lib/memory/edit-memory";
import { createPlaybook } from "@/lib/playbooks/edit-playbook";
import { askedQuestionRun, demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import type { ActionCase, RouteCase } from "./endpoint-cases";
import { signedIn } from "./next-request-mocks";

export const root = path.resolve(import.meta.dirname, "../../..");

/**
 * Tenant A with its people, API keys and resources (runs, an approval, a receipt, an agent), and
 * tenant B, whose admin must reach none of them: who calls every endpoint in the endpoint tests.
 */
export async function endpointFixture(db: Db) {
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
  const asked = await askedQuestionRun(db, people.operator);
  const [question] = await db.select().from(approvals).where(eq(approvals.runId, asked.id));
  const [receipt] = await db.select().from(receipts).where(eq(receipts.tenantId, tenantId));
  const [agent] = await db.select().from(agents).where(eq(agents.tenantId, tenantId));
  const spare = await createMember(db, tenantA, "viewer");
  const spareAgent = await createAgent(db, people.admin, { name: "spare-agent", copyOf: agent?.id });
  const mcp = await seedMcpServer(db, tenantId, "crm");
  const spareMcp = await seedMcpServer(db, tenantId, "spare");
  const spareKey = await createApiKey(db, people.admin, { name: "spare", role: "viewer" });
  const invitation = await inviteMember(
    db,
    people.admin,
    { email: "invited-to-a@example.com", role: "viewer" },
    outboxTransport,
  );
  const webhook = await createWebhookEndpoint(db, people.admin, {
    url: "https://hooks.example.com/a",
    events: ["run.ended"],
  });
  const evalSuite = await importSuite(db, people.operator, {
    format: SUITE_FORMAT,
    name: "fixture-suite",
    cases: [{ name: "c", agent: { name: "support-triage" }, goal: "Resolve ticket T-1001.", expect: {} }],
  });
  const suiteRun = await queueSuiteRun(db, people.operator, evalSuite.suite.name, {});
  if (!approval || !question || !receipt || !agent) throw new Error("fixture incomplete");
  await putMemoryItem(db, people.operator, agent.id, "customer:memory-of-a", {
    value: { note: "memory-marker-of-a" },
  });
  const playbook = await createPlaybook(db, people.admin, {
    name: "fixture-playbook",
    instructions: "playbook-marker-of-a",
    tags: ["fixture"],
  });
  const sparePlaybook = await createPlaybook(db, people.admin, {
    name: "spare-playbook",
    instructions: "Spare.",
    tags: ["fixture"],
  });
  const document = await addDocument(db, people.operator, {
    title: "Handbook of A",
    text: "The document-marker-of-a is kept here.",
  });
  const spareDocument = await addDocument(db, people.operator, { title: "Spare", text: "Spare text." });
  const a = {
    tenantId,
    runId: finished.id,
    parkedRunId: parked.id,
    approvalId: approval.id,
    questionId: question.id,
    receiptId: String(receipt.id),
    agentId: agent.id,
    agentName: agent.name,
    spareAgentId: spareAgent.id,
    mcpServerId: mcp.serverId,
    spareMcpServerId: spareMcp.serverId,
    mcpToolName: mcp.toolName,
    memberId: spare.id,
    apiKeyId: spareKey.id,
    invitationId: invitation.invitationId,
    webhookId: webhook.id,
    evalSuiteName: evalSuite.suite.name,
    evalSuiteRunId: suiteRun.id,
    memoryKey: "customer:memory-of-a",
    playbookId: playbook.id,
    sparePlaybookId: sparePlaybook.id,
    documentId: document.id,
    spareDocumentId: spareDocument.id,
  };
  /** Text that only A's data contains: none of it may reach B. */
  const markersOfA = [
    tenantId,
    finished.id,
    parked.id,
    approval.id,
    question.id,
    agent.id,
    mcp.serverId,
    spareMcp.serverId,
    people.admin.label,
    spare.label,
    webhook.id,
    evalSuite.suite.id,
    suiteRun.id,
    "memory-marker-of-a",
    "playbook-marker-of-a",
    playbook.id,
    document.id,
    "document-marker-of-a",
    "invited-to-a@example.com",
  ];
  return { db, tenantId, people, outsider, keys, a, markersOfA };
}

export type EndpointFixture = Awaited<ReturnType<typeof endpointFixture>>;

export type Caller = "anonymous" | "revoked key" | "viewer" | "operator" | "admin" | "another tenant";
export type Outcome = { status: number; text: string };

export function routeFiles(dir = path.join(root, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [path.relative(root, full)] : [];
  });
}

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export async function callRoute(
  fx: EndpointFixture,
  file: string,
  method: string,
  spec: RouteCase,
  caller: Caller,
  /** The fuzz test's request: a body as sent (any text), other parameters and query. */
  sent: { bodyText?: string; params?: Record<string, string>; query?: string } = {},
): Promise<Outcome> {
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  const handler = module[method] as (request: Request, context: unknown) => Promise<Response>;
  const headers = new Headers();
  signedIn.userId = null;
  signedIn.tenant = undefined;
  if (spec.auth === "api_key") {
    const key = {
      anonymous: null,
      "revoked key": fx.keys.revoked,
      viewer: fx.keys.viewer,
      operator: fx.keys.operator,
      admin: fx.keys.admin,
      "another tenant": fx.keys.outsider,
    }[caller];
    if (key) headers.set("authorization", `Bearer ${key}`);
  } else if (caller !== "anonymous" && caller !== "revoked key") {
    const person = caller === "another tenant" ? fx.outsider : fx.people[caller];
    signedIn.userId = person.id;
    signedIn.tenant = person.tenantId;
  } else if (caller === "revoked key") {
    headers.set("authorization", `Bearer ${fx.keys.revoked}`);
  }
  const body = caller === "another tenant" && spec.validBody !== undefined ? spec.validBody : spec.body;
  const bodyText = sent.bodyText ?? (body === undefined ? undefined : JSON.stringify(body));
  if (bodyText !== undefined) headers.set("content-type", "application/json");
  const abort = new AbortController();
  const request = new Request(`http://localhost:3000${spec.path}${sent.query ?? spec.query ?? ""}`, {
    method,
    headers,
    body: bodyText,
    signal: abort.signal,
  });
  const params = Promise.resolve(sent.params ?? spec.params ?? {});
  const response = await handler(request, { params });
  let text = "";
  if (spec.stream && response.status === 200) {
    abort.abort();
    await response.body?.cancel().catch(() => {});
  } else {
    text = await response.text();
  }
  return { status: response.status, text };
}

function actionFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".next", ".git", ".data", "e2e"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(full);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    return [path.relative(root, full)];
  });
}

export async function exportedActions(): Promise<string[]> {
  const found: string[] = [];
  for (const file of actionFiles()) {
    const text = await readFile(path.join(root, file), "utf8");
    if (!/^["']use server["'];?/m.test(text.trimStart().split("\n")[0] ?? "")) continue;
    for (const match of text.matchAll(/^export async function (\w+)/gm)) found.push(`${file}#${match[1]}`);
  }
  return found.sort();
}

export async function callAction(
  fx: EndpointFixture,
  id: string,
  spec: ActionCase,
  caller: Exclude<Caller, "revoked key">,
  /** The fuzz test's arguments, instead of the case's own. */
  sentArgs?: unknown[],
) {
  const [file, name] = id.split("#") as [string, string];
  const module = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
  const action = module[name] as (...args: unknown[]) => Promise<unknown>;
  const person =
    caller === "anonymous" ? null : caller === "another tenant" ? fx.outsider : fx.people[caller];
  signedIn.userId = person?.id ?? null;
  signedIn.tenant = person?.tenantId;
  try {
    const args = sentArgs ?? (caller === "another tenant" && spec.validArgs ? spec.validArgs() : spec.args());
    return { result: await action(...args) };
  } catch (error) {
    return { thrown: error };
  }
}

export type ActionOutcome = Awaited<ReturnType<typeof callAction>>;
export const codeOf = (outcome: ActionOutcome): string | undefined => {
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
