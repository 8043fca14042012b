import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as createApiKeyRoute } from "@/app/api/v1/api-keys/route";
import { POST as engageKill } from "@/app/api/v1/kill/route";
import { GET as openApi } from "@/app/api/v1/openapi.json/route";
import { POST as startRunRoute } from "@/app/api/v1/runs/route";
import { POST as addWebhookRoute } from "@/app/api/v1/webhooks/route";
import { apiKeys, idempotencyKeys, killSwitches, runs, webhookEndpoints } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { authenticateApiKey, createApiKey } from "@/lib/api-keys/api-keys";
import { startRun as startRunUseCase } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { type OpenApiDocument, responseChecker } from "./testing/response-contract";

const { db } = await createTestDatabase();
const { operator, tenantId } = await demoTenant(db);
const { key: apiKey } = await createApiKey(
  db,
  { ...operator, role: "admin" },
  { name: "ci", role: "operator" },
);
const other = await createTenant(db, "Other Co");
const otherAdmin = await createMember(db, other, "admin");
const { key: otherKey } = await createApiKey(db, otherAdmin, { name: "other", role: "operator" });

const noParams = { params: Promise.resolve({}) };
const post = (path: string, body: unknown, headers: Record<string, string> = {}, key = apiKey) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
  });
const startRun = (body: unknown, idempotencyKey?: string, key?: string) =>
  startRunRoute(
    post("/api/v1/runs", body, idempotencyKey ? { "idempotency-key": idempotencyKey } : {}, key),
    noParams,
  );
const runsOf = async (tenant: string) =>
  (await db.select({ n: count() }).from(runs).where(eq(runs.tenantId, tenant)))[0]?.n ?? 0;
const goal = { agent: "support-triage", input: "Resolve ticket T-1004" };

describe("Idempotency-Key on POST", () => {
  it("starts one run for a request sent twice with the same key, and answers the retry with the first response", async () => {
    const before = await runsOf(tenantId);
    const first = await startRun(goal, "retry-1");
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const retry = await startRun(goal, "retry-1");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(await retry.json()).toEqual(firstBody);
    expect(await runsOf(tenantId)).toBe(before + 1);
  });

  it("refuses the same key with a different request (422), and starts nothing", async () => {
    await startRun(goal, "retry-2");
    const before = await runsOf(tenantId);
    const changed = await startRun({ ...goal, input: "Resolve ticket T-1005" }, "retry-2");
    expect(changed.status).toBe(422);
    expect((await changed.json()).error.message).toMatch(/already used for a different request/);
    expect(await runsOf(tenantId)).toBe(before);
  });

  it("runs concurrent requests with one key once: the other is told to retry, then gets the same run", async () => {
    const before = await runsOf(tenantId);
    const responses = await Promise.all(Array.from({ length: 5 }, () => startRun(goal, "burst")));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);
    const conflict = responses.find((r) => r.status === 409);
    if (conflict) expect(conflict.headers.get("retry-after")).toBe("1");
    expect(await runsOf(tenantId)).toBe(before + 1);
    const created = await responses.find((r) => r.status === 201)?.json();
    expect(await (await startRun(goal, "burst")).json()).toEqual(created);
  });

  it("releases the key of a request that failed, so the corrected request can use it", async () => {
    const refused = await startRun({ agent: "no-such-agent", input: "x" }, "fix-me");
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const corrected = await startRun(goal, "fix-me");
    expect(corrected.status).toBe(201);
  });

  it("keeps keys per tenant: another tenant's identical key is its own", async () => {
    await startRun(goal, "shared-key");
    const elsewhere = await startRun({ agent: "support-triage", input: "x" }, "shared-key", otherKey);
    // The other tenant has no such agent: its request is its own, not a replay or a 422.
    expect(elsewhere.status).toBe(404);
    expect(await runsOf(other.id)).toBe(0);
  });

  it("refuses a malformed key with a clear 400", async () => {
    for (const bad of ["", "x".repeat(256), "with space", "naïve"]) {
      const response = await startRunRoute(post("/api/v1/runs", goal, { "idempotency-key": bad }), noParams);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it("answers a retry with the run its first request started when that request's process died before answering", async () => {
    const first = await startRun(goal, "died-after-commit");
    const firstBody = await first.json();
    // The process died after the run committed, before the key recorded the response.
    await db
      .update(idempotencyKeys)
      .set({ status: null, response: null, location: null })
      .where(eq(idempotencyKeys.key, "died-after-commit"));
    const before = await runsOf(tenantId);
    const retry = await startRun(goal, "died-after-commit");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe(`/api/v1/runs/${firstBody.id}`);
    expect(await retry.json()).toEqual(firstBody);
    expect(await runsOf(tenantId)).toBe(before);
  });

  it("runs a retry in place of a first request that died before committing, once that one is surely dead", async () => {
    await startRun(goal, "template");
    const [template] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "template"));
    const inProgress = { tenantId, key: "died-before-commit", fingerprint: template?.fingerprint ?? "" };
    await db.insert(idempotencyKeys).values({ ...inProgress, createdAt: new Date(Date.now() - 3_000) });
    const before = await runsOf(tenantId);
    const early = await startRun(goal, "died-before-commit");
    expect(early.status).toBe(409);
    expect(early.headers.get("retry-after")).toBe("1");

    await db
      .update(idempotencyKeys)
      .set({ createdAt: new Date(Date.now() - 11_000) })
      .where(eq(idempotencyKeys.key, "died-before-commit"));
    const retries = await Promise.all([1, 2, 3].map(() => startRun(goal, "died-before-commit")));
    expect(retries.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await runsOf(tenantId)).toBe(before + 1);
    const created = await retries.find((r) => r.status === 201)?.json();
    expect(await (await startRun(goal, "died-before-commit")).json()).toEqual(created);
  });

  it("starts one run per key even when a first attempt and its takeover both reach the database", async () => {
    const before = await runsOf(tenantId);
    const [a, b] = await Promise.all([
      startRunUseCase(db, operator, goal, { requestKey: "both-commit" }),
      startRunUseCase(db, operator, goal, { requestKey: "both-commit" }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await runsOf(tenantId)).toBe(before + 1);
  });

  it("takes over a key after its time", async () => {
    await startRun(goal, "old-key");
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await db.update(idempotencyKeys).set({ createdAt: dayAgo });
    await db.update(runs).set({ createdAt: dayAgo }).where(eq(runs.requestKey, "old-key"));
    const before = await runsOf(tenantId);
    const fresh = await startRun({ ...goal, input: "Resolve ticket T-1005" }, "old-key");
    expect(fresh.status).toBe(201);
    expect(await runsOf(tenantId)).toBe(before + 1);
  });
  // Last: it freezes the tenant.
  it("covers other acting POSTs too: a kill engaged twice with one key is one kill switch", async () => {
    const body = { scope: "tenant", reason: "drill" };
    const first = await engageKill(post("/api/v1/kill", body, { "idempotency-key": "kill-1" }), noParams);
    const again = await engageKill(post("/api/v1/kill", body, { "idempotency-key": "kill-1" }), noParams);
    expect(first.status).toBeLessThan(300);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const switches = await db.select().from(killSwitches).where(eq(killSwitches.tenantId, tenantId));
    expect(switches.filter((s) => s.reason === "drill")).toHaveLength(1);
  });
});

const secretTenant = await createTenant(db, "Secret Co");
const secretAdmin = await createMember(db, secretTenant, "admin");
const { key: adminKey } = await createApiKey(db, secretAdmin, { name: "automation", role: "admin" });
const check = responseChecker((await openApi().json()) as OpenApiDocument);

describe("Idempotency-Key on a POST whose answer holds a secret shown once", () => {
  const storedUnder = async (key: string) =>
    db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, secretTenant.id), eq(idempotencyKeys.key, key)));
  const send = (
    route: (request: Request, context: typeof noParams) => Promise<Response>,
    path: string,
    body: unknown,
    key: string,
  ) => route(post(path, body, { "idempotency-key": key }, adminKey), noParams);

  it("never stores a new API key, and answers a retry without it, saying why", async () => {
    const body = { name: "ci", role: "operator" };
    const first = await send(createApiKeyRoute, "/api/v1/api-keys", body, "new-key-1");
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; key: string };
    expect(created.key).toMatch(/^\S{20,}$/);
    check("POST", "api-keys", 201, "application/json", created);

    const stored = await storedUnder("new-key-1");
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const retry = await send(createApiKeyRoute, "/api/v1/api-keys", body, "new-key-1");
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const text = await retry.text();
    expect(text).not.toContain(created.key);
    const replayed = JSON.parse(text);
    expect(replayed).not.toHaveProperty("key");
    expect(replayed).toMatchObject({ id: created.id });
    expect(replayed.secret_withheld).toMatch(/`key` was shown once, .* never stored/);
    expect(replayed.secret_withheld).toMatch(/revoke this key/);
    check("POST", "api-keys", 200, "application/json", replayed);

    // One key was made, and it is the one the first answer gave.
    const made = await db.select().from(apiKeys).where(eq(apiKeys.name, "ci"));
    expect(made.filter((k) => k.tenantId === secretTenant.id)).toHaveLength(1);
    expect(await authenticateApiKey(db, created.key)).toMatchObject({ id: created.id, role: "operator" });
  });

  it("never stores a webhook's signing secret, and answers a retry without it, saying why", async () => {
    const body = { url: "https://hooks.example.com/secret-co", events: ["run.ended"] };
    const first = await send(addWebhookRoute, "/api/v1/webhooks", body, "new-webhook-1");
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; secret: string };
    expect(created.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await storedUnder("new-webhook-1"))).not.toContain(created.secret);

    const retry = await send(addWebhookRoute, "/api/v1/webhooks", body, "new-webhook-1");
    expect(retry.status).toBe(200);
    const text = await retry.text();
    expect(text).not.toContain(created.secret);
    const replayed = JSON.parse(text);
    expect(replayed).not.toHaveProperty("secret");
    expect(replayed).toMatchObject({ id: created.id, url: body.url, events: body.events });
    expect(replayed.secret_withheld).toMatch(/`secret` was shown once/);
    check("POST", "webhooks", 200, "application/json", replayed);
    const hooks = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, secretTenant.id));
    expect(hooks).toHaveLength(1);
  });
});
