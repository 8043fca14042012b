import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, approvals, type ModelStepPayload, runSteps, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { answerQuestion } from "@/lib/approvals/answer-question";
import { setTenantBudget, tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import type { EngineConfig } from "./engine-config";
import {
  demoTenant,
  driveRun,
  grantTool,
  runToEnd,
  testEngine,
  toolCallTurn,
} from "./testing/engine-harness";

// An unpriced router or fallback model is budgeted by the rule the run's own model has: a run with a
// cost limit is never answered by a model without a price, and any other run's unpriced answers are
// held and counted in tokens on the tenant's token ledger.

const { db } = await createTestDatabase();

const MAIN = "openai:gpt-5";
const UNPRICED = "compat:llama3.1";
/** One scripted turn: 100 tokens in, 20 out (the harness's usage), at MAIN's price. */
const MAIN_TURN_USD = (100 * 1.25 + 20 * 10) / 1e6;
const TURN_TOKENS = 120;

type Script = NonNullable<ConstructorParameters<typeof MockLanguageModelV4>[0]>["doGenerate"];

function scripted(scripts: Record<string, Script>, overrides: Partial<EngineConfig> = {}) {
  const byName = new Map(
    Object.entries(scripts).map(([name, script]) => [name, new MockLanguageModelV4({ doGenerate: script })]),
  );
  const engine = testEngine(db, {
    resolveModel: (name) => {
      const model = byName.get(name);
      if (!model) throw new Error(`no model ${name} in this test`);
      return model;
    },
    ...overrides,
  });
  return { engine, calls: (name: string) => byName.get(name)?.doGenerateCalls.length ?? 0 };
}

/** The demo tenant's support-triage with these settings, and a daily budget of 10 USD and these tokens. */
async function tenantWith(settings: Partial<typeof agents.$inferInsert>, dailyUnpricedTokens = 1_000_000) {
  const { operator, tenantId } = await demoTenant(db);
  await grantTool(db, tenantId, "support-triage", "ask_person");
  await db
    .update(agents)
    .set({ maxTokens: null, maxToolCalls: null, maxCostUsd: null, ...settings })
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
  const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
  await setTenantBudget(db, admin, { dailyBudgetUsd: 10, dailyUnpricedTokens });
  return { operator, tenantId };
}

const modelSteps = async (runId: string) =>
  (
    await db
      .select()
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), eq(runSteps.kind, "model")))
      .orderBy(asc(runSteps.seq))
  ).map((s) => ({ model: (s.payload as ModelStepPayload).model, costUsd: s.costUsd }));

const asks = toolCallTurn("q1", "ask_person", { question: "Which order is it about?" });
const read = (id: string) => toolCallTurn(id, "get_ticket", { ticket_id: "T-1001" });
const finish = toolCallTurn("fin", "finish_run", { answer: "Done." });

const overloaded = new APICallError({
  message: "overloaded",
  url: "https://models.test",
  requestBodyValues: {},
  statusCode: 503,
});
const failFast = {
  resilience: { ...DEFAULT_RESILIENCE, modelAttempts: 3, breakerFailures: 3, baseDelayMs: 1, maxDelayMs: 5 },
};

describe("an unpriced router or fallback model", () => {
  it("never answers a run with a cost limit: its cost stays a number within the limit across a park and resume, and the run ends naming the router", async () => {
    const { operator, tenantId } = await tenantWith({ model: MAIN, routerModel: UNPRICED, maxCostUsd: 0.5 });
    const { engine, calls } = scripted({ [MAIN]: [asks, read("a"), finish], [UNPRICED]: [finish] });
    const parked = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(parked).toMatchObject({ status: "waiting_input" });
    expect(parked.costUsd).toBeCloseTo(MAIN_TURN_USD, 9);

    const [question] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await answerQuestion(db, operator, question?.id ?? "", { answer: "O-1001" });
    // Turn 2 follows a person's answer (the run's model); turn 3 follows a plain read: the router's.
    const ended = await driveRun(db, engine, parked.id);
    expect(ended).toMatchObject({ status: "failed", stopReason: "invalid_input" });
    expect(ended.error).toMatch(/compat:llama3\.1, the agent's router model, is unpriced/);
    expect(calls(UNPRICED)).toBe(0);
    expect(ended.costUsd).toBeCloseTo(2 * MAIN_TURN_USD, 9);
    expect((await modelSteps(ended.id)).map((s) => s.costUsd)).toEqual([
      expect.any(Number),
      expect.any(Number),
    ]);
    const today = await tenantBudgetToday(db, tenantId);
    expect(today).toMatchObject({ reservedUsd: 0, reservedTokens: 0, spentTokens: 0 });
    expect(today?.spentUsd).toBeCloseTo(2 * MAIN_TURN_USD, 6);
  });

  it("without a cost limit, has its router answers held and counted on the tenant's token ledger", async () => {
    const { operator, tenantId } = await tenantWith({ model: MAIN, routerModel: UNPRICED });
    const { engine, calls } = scripted({ [MAIN]: [read("a")], [UNPRICED]: [read("b"), finish] });
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(run.status).toBe("succeeded");
    expect(calls(UNPRICED)).toBe(2);
    expect((await modelSteps(run.id)).map((s) => s.model ?? "main")).toEqual(["main", UNPRICED, UNPRICED]);
    const today = await tenantBudgetToday(db, tenantId);
    expect(today).toMatchObject({ reservedUsd: 0, reservedTokens: 0, spentTokens: 2 * TURN_TOKENS });
    expect(today?.spentUsd).toBeCloseTo(MAIN_TURN_USD, 6);
  });

  it("stops at the tenant's token budget before the router is called", async () => {
    const { operator, tenantId } = await tenantWith({ model: MAIN, routerModel: UNPRICED }, 1_000);
    const { engine, calls } = scripted({ [MAIN]: [read("a"), finish], [UNPRICED]: [finish] });
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(run).toMatchObject({ status: "stopped", stopReason: "budget_tokens" });
    expect(run.error).toMatch(/daily budget of 1,000 tokens for models without a price/);
    expect(calls(UNPRICED)).toBe(0);
    expect(await tenantBudgetToday(db, tenantId)).toMatchObject({ reservedUsd: 0, reservedTokens: 0 });
  });

  it("is not called as the fallback of a run with a cost limit: the run ends naming it", async () => {
    const primary = "openai:gpt-4.1";
    const { operator, tenantId } = await tenantWith({
      model: primary,
      fallbackModel: UNPRICED,
      maxCostUsd: 0.5,
    });
    const { engine, calls } = scripted(
      {
        [primary]: async () => {
          throw overloaded;
        },
        [UNPRICED]: [finish],
      },
      failFast,
    );
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(run).toMatchObject({ status: "failed", stopReason: "invalid_input", costUsd: 0 });
    expect(run.error).toMatch(/compat:llama3\.1, the agent's fallback model, is unpriced/);
    expect(calls(UNPRICED)).toBe(0);
    expect(await tenantBudgetToday(db, tenantId)).toMatchObject({
      spentUsd: 0,
      reservedUsd: 0,
      spentTokens: 0,
      reservedTokens: 0,
    });
  });

  it("answers as the fallback of a run without a cost limit in tokens, on the tenant's token ledger", async () => {
    const primary = "openai:gpt-4o";
    const { operator, tenantId } = await tenantWith({ model: primary, fallbackModel: UNPRICED });
    const { engine, calls } = scripted(
      {
        [primary]: async () => {
          throw overloaded;
        },
        [UNPRICED]: [finish],
      },
      failFast,
    );
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(run.status).toBe("succeeded");
    expect(calls(UNPRICED)).toBe(1);
    expect(await tenantBudgetToday(db, tenantId)).toMatchObject({
      spentUsd: 0,
      reservedUsd: 0,
      spentTokens: TURN_TOKENS,
      reservedTokens: 0,
    });
  });

  it("a run whose cost became unknown (an unpriced answer before this rule) cannot spend its cost limit again after a resume", async () => {
    const { operator } = await tenantWith({ model: MAIN, maxCostUsd: 0.5 });
    const { engine, calls } = scripted({ [MAIN]: [asks, finish] });
    const parked = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1001" });
    expect(parked.status).toBe("waiting_input");
    await db.update(runs).set({ costUsd: null }).where(eq(runs.id, parked.id));
    const [question] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await answerQuestion(db, operator, question?.id ?? "", { answer: "O-1001" });
    const ended = await driveRun(db, engine, parked.id);
    expect(ended).toMatchObject({ status: "failed", stopReason: "invalid_input" });
    expect(ended.error).toMatch(/cost so far is unknown/);
    expect(calls(MAIN)).toBe(1);
  });
});
