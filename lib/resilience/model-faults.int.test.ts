import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agents, type ModelStepPayload, type Run, runSteps, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { resolveModel } from "@/lib/models/resolve-model";
import { startFakeOpenAI } from "@/lib/models/testing/fake-openai-server";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimUntil, demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { breakerStates } from "./breakers";
import { DEFAULT_RESILIENCE } from "./settings";

const { db } = await createTestDatabase();

// Each drill uses its own model name, so its own breaker; `faults[model]` are answered first, in order.
const faults: Record<
  string,
  ({ status: number; headers?: Record<string, string>; body?: unknown } | { stall: true })[]
> = {};
const server = await startFakeOpenAI(
  (_messages, model) => faults[model]?.shift() ?? { content: "All good." },
);
afterAll(() => server.close());
const calls = (model: string) => server.requests.filter((r) => r.model === model).length;

const config = { OPENAI_COMPATIBLE_BASE_URL: server.baseURL, OPENAI_COMPATIBLE_API_KEY: "test-key" };
const engine = testEngine(db, {
  resolveModel: (name) => resolveModel(name, config),
  modelTimeoutMs: 500,
  resilience: { ...DEFAULT_RESILIENCE, baseDelayMs: 10, maxDelayMs: 50, breakerFailures: 3 },
});
const { operator } = await demoTenant(db);
const run = (model: string, agent = "ops-health") =>
  runToEnd(db, engine, operator, { agent, input: "Check", model });

async function modelSpans(run: Run) {
  return (await readTraceSpans(db, run)).filter((s) => s.name.startsWith("chat "));
}

const error = (status: number, body: unknown, headers?: Record<string, string>) => ({
  status,
  body,
  headers,
});

describe("model fault drills through the engine", () => {
  it("honours Retry-After on 429s and records the attempts on the model span", async () => {
    const limited = { message: "Rate limit reached", type: "rate_limit_exceeded" };
    faults["rate-limited"] = [
      error(429, { error: limited }, { "retry-after": "1" }),
      error(429, { error: limited }, { "retry-after": "1" }),
    ];
    const started = Date.now();
    const done = await run("compat:rate-limited");
    expect(done).toMatchObject({ status: "succeeded", output: "All good.", modelCalls: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(calls("rate-limited")).toBe(3);
    const [span] = await modelSpans(done);
    expect(span?.attributes).toMatchObject({
      "flightdeck.attempts": 3,
      "flightdeck.retry.waits_ms": "1000,1000",
    });
  });

  it("retries 500s and timeouts with backoff, then succeeds", async () => {
    faults.flaky = [error(500, { error: { message: "boom" } }), { stall: true }];
    const done = await run("compat:flaky");
    expect(done).toMatchObject({ status: "succeeded", output: "All good." });
    expect(calls("flaky")).toBe(3);
    const [span] = await modelSpans(done);
    expect(span?.attributes["flightdeck.attempts"]).toBe(3);
  });

  it("fails at once on a refused API key", async () => {
    faults["bad-key"] = [error(401, { error: { message: "Incorrect API key provided" } })];
    const done = await run("compat:bad-key");
    expect(done).toMatchObject({ status: "failed", stopReason: "model_failed" });
    expect(done.error).toContain("check the API key");
    expect(calls("bad-key")).toBe(1);
  });

  it("does not retry a 429 that says the quota is exhausted", async () => {
    faults["no-quota"] = [
      error(429, { error: { message: "You exceeded your current quota", code: "insufficient_quota" } }),
    ];
    const done = await run("compat:no-quota");
    expect(done).toMatchObject({ status: "failed", stopReason: "model_failed" });
    expect(done.error).toContain("insufficient_quota");
    expect(calls("no-quota")).toBe(1);
  });

  it("opens the breaker of a failing provider and answers with the fallback model", async () => {
    faults.down = Array.from({ length: 20 }, () => error(503, { error: { message: "overloaded" } }));
    await db.update(agents).set({ fallbackModel: "sim:default" }).where(eq(agents.name, "support-triage"));
    const done = await run("compat:down", "support-triage");
    expect(done).toMatchObject({ status: "succeeded" });
    expect(calls("down")).toBe(3);
    expect(breakerStates("any-tenant")).toContainEqual(
      expect.objectContaining({ key: "model:compat:down", kind: "model", state: "open" }),
    );
    const steps = await db.select().from(runSteps).where(eq(runSteps.runId, done.id));
    const models = steps.filter((s) => s.kind === "model").map((s) => (s.payload as ModelStepPayload).model);
    expect(models.length).toBeGreaterThan(0);
    expect(models.every((m) => m === "sim:default")).toBe(true);
    const [span] = await modelSpans(done);
    expect(span?.name).toBe("chat default");
    expect(span?.attributes).toMatchObject({ "flightdeck.fallback_from": "compat:down" });

    // Without a fallback, an open breaker fails the run at once, without calling the provider.
    const failed = await run("compat:down");
    expect(failed).toMatchObject({ status: "failed", stopReason: "model_failed" });
    expect(failed.error).toContain("circuit open");
    expect(calls("down")).toBe(3);
  });

  it("a kill during a backoff wait stops the run at once", async () => {
    faults["slow-limit"] = [error(429, { error: { message: "slow down" } }, { "retry-after": "30" })];
    const queued = await startRun(db, operator, {
      agent: "ops-health",
      input: "Check",
      model: "compat:slow-limit",
    });
    const running = executeRun(engine, await claimUntil(db, engine, queued.id), new AbortController().signal);
    while (calls("slow-limit") === 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    const engagedAt = Date.now();
    await engageKillSwitch(db, operator, { scope: "run", target: queued.id, reason: "drill" });
    await running;
    expect(Date.now() - engagedAt).toBeLessThan(1000);
    expect(calls("slow-limit")).toBe(1);
    const [killed] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(killed).toMatchObject({ status: "killed", stopReason: "killed" });
  });
});
