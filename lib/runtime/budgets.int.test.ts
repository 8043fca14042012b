import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, runs, TERMINAL_STATUSES, tenantSpendDays } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { MAX_OUTPUT_TOKENS } from "@/lib/budgets/estimate";
import { setTenantBudget, tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { startRun } from "@/lib/runs/start-run";
import { RunWorker } from "@/lib/worker/worker";
import { agentSnapshotOf } from "./agent-snapshots";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const database = await createTestDatabase();
const { db } = database;

const OPUS = "anthropic:claude-opus-4-1";
// Opus: 15 USD in, 75 USD out per million tokens. Usage stays within the engine's worst case
// (prompt well under its character estimate, output under MAX_OUTPUT_TOKENS), as a real model's does.
const USAGE = { input: 500, output: 4000 };
const CALL_COST = (USAGE.input * 15 + USAGE.output * 75) / 1e6;
// An upper bound of one reservation for these agents: their prompt stays under 40,000 characters.
const RESERVATION_BOUND = (10_000 * 15 + MAX_OUTPUT_TOKENS * 75) / 1e6;

/** A model that never stops calling tools, each call with new arguments (no loop). */
function endlessModel() {
  let n = 0;
  return new MockLanguageModelV4({
    doGenerate: async (): Promise<LanguageModelV4GenerateResult> => {
      n += 1;
      return {
        content: [
          {
            type: "tool-call",
            toolCallId: `c${n}`,
            toolName: "search_kb",
            input: JSON.stringify({ query: `refund ${n}` }),
          },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage: {
          inputTokens: { total: USAGE.input, noCache: USAGE.input, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: USAGE.output, text: USAGE.output, reasoning: 0 },
        },
        warnings: [],
      };
    },
  });
}

const setLimits = (tenantId: string, limits: Partial<typeof agents.$inferInsert>) =>
  db
    .update(agents)
    .set(limits)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));

describe("budgets", () => {
  it("stops a run on an expensive model at its cost budget, within one reservation of it", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db, { resolveModel: fixedModel(endlessModel()) });
    await setLimits(tenantId, { maxCostUsd: 0.01 });
    const tiny = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve T-1004",
      model: OPUS,
    });
    expect(tiny).toMatchObject({ status: "stopped", stopReason: "budget_cost" });
    expect(tiny.costUsd).toBeLessThanOrEqual(0.01 + RESERVATION_BOUND);
    expect(tiny.error).toMatch(/Cost budget: \$0\.0000 of \$0\.0100 spent/);

    await setLimits(tenantId, { maxCostUsd: 1 });
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve T-1004",
      model: OPUS,
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "budget_cost" });
    expect(run.modelCalls).toBeGreaterThanOrEqual(2);
    expect(run.costUsd).toBeCloseTo(run.modelCalls * CALL_COST, 6);
    expect(run.costUsd).toBeLessThanOrEqual(1);
    expect(run.costUsd).toBeGreaterThan(1 - RESERVATION_BOUND);
  });

  it("stops at the token budget and at the tool-call budget", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db, { resolveModel: fixedModel(endlessModel()) });
    await setLimits(tenantId, { maxTokens: 12_000 });
    const tokens = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1004" });
    expect(tokens).toMatchObject({ status: "stopped", stopReason: "budget_tokens" });
    expect(tokens.inputTokens + tokens.outputTokens).toBeLessThanOrEqual(12_000);

    await setLimits(tenantId, { maxTokens: null, maxToolCalls: 2 });
    const tools = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve T-1004" });
    expect(tools).toMatchObject({
      status: "stopped",
      stopReason: "budget_steps",
      toolCalls: 2,
      modelCalls: 3,
    });
    expect(tools.error).toMatch(/Tool-call budget/);
  });

  it("refuses a cost budget on an unpriced model, and lets only admins raise a limit for one run", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
    await expect(
      startRun(db, admin, {
        agent: "support-triage",
        input: "x",
        model: "compat:llama3.1",
        limits: { maxCostUsd: 1 },
      }),
    ).rejects.toThrow(/compat:llama3.1 is unpriced/);
    await setLimits(tenantId, { maxCostUsd: 1, maxTokens: 50_000, maxToolCalls: 10 });
    for (const limits of [{ maxSteps: 1000 }, { maxCostUsd: 5 }])
      await expect(
        startRun(db, operator, { agent: "support-triage", input: "x", limits }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
    const tighter = await startRun(db, operator, {
      agent: "support-triage",
      input: "x",
      limits: { maxSteps: 3, maxCostUsd: 0.5, maxTokens: 5_000, maxToolCalls: 1 },
    });
    expect(await agentSnapshotOf(db, tighter.tenantId, tighter.agentSnapshotHash)).toMatchObject({
      maxSteps: 3,
      maxCostUsd: 0.5,
      maxTokens: 5_000,
      maxToolCalls: 1,
    });
    const raised = await startRun(db, admin, {
      agent: "support-triage",
      input: "x",
      limits: { maxSteps: 1000 },
    });
    expect((await agentSnapshotOf(db, raised.tenantId, raised.agentSnapshotHash)).maxSteps).toBe(1000);
  });

  it("keeps 50 parallel runs of a tenant within its daily budget plus one reservation, then refuses new runs", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
    const budget = 2;
    await setTenantBudget(db, admin, { dailyBudgetUsd: budget });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++)
      ids.push(
        (await startRun(db, operator, { agent: "support-triage", input: `Resolve T-${i}`, model: OPUS })).id,
      );
    const engine = testEngine(db, { resolveModel: fixedModel(endlessModel()) });
    const worker = new RunWorker(engine, database.sql, { concurrency: 50, pollMs: 100 });
    await worker.start();
    try {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [row] = await db
          .select({ n: count() })
          .from(runs)
          .where(and(inArray(runs.id, ids), inArray(runs.status, [...TERMINAL_STATUSES])));
        if (row?.n === ids.length) break;
        if (Date.now() > deadline) throw new Error("runs did not end");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await worker.stop();
    }
    const rows = await db.select().from(runs).where(inArray(runs.id, ids));
    expect(new Set(rows.map((r) => r.stopReason))).toEqual(new Set(["budget_cost"]));
    const total = rows.reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    expect(total).toBeGreaterThan(budget - 2 * RESERVATION_BOUND);
    expect(total).toBeLessThanOrEqual(budget + RESERVATION_BOUND);
    const today = await tenantBudgetToday(db, tenantId);
    expect(today?.spentUsd).toBeCloseTo(total, 5);
    expect(today?.reservedUsd).toBe(0);
    await expect(
      startRun(db, operator, { agent: "support-triage", input: "One more", model: OPUS }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/daily budget .* is used up/),
    });
    const [ledger] = await db
      .select({ n: count() })
      .from(tenantSpendDays)
      .where(and(eq(tenantSpendDays.tenantId, tenantId), sql`${tenantSpendDays.reservedUsd} <> 0`));
    expect(ledger?.n).toBe(0);
  });

  it("counts tokens where no price exists: parallel runs on an unpriced model stop at the tenant's token budget", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await setLimits(tenantId, { maxTokens: null, maxSteps: 500, maxToolCalls: null });
    const admin = await createMember(db, { id: tenantId, name: "t" }, "admin");
    const UNPRICED = "compat:llama3.1";
    // Used before a token budget exists: setting one starts from it.
    const earlier = await runToEnd(
      db,
      testEngine(db, {
        resolveModel: fixedModel(
          new MockLanguageModelV4({
            doGenerate: [...(await firstTurns(endlessModel(), 1)), answer("Done.")],
          }),
        ),
      }),
      operator,
      { agent: "support-triage", input: "Earlier", model: UNPRICED },
    );
    await setTenantBudget(db, admin, { dailyBudgetUsd: 100 });
    expect((await tenantBudgetToday(db, tenantId))?.unpricedTokens).toBeNull();
    const budgetTokens = 40_000;
    await setTenantBudget(db, admin, { dailyBudgetUsd: 100, dailyUnpricedTokens: budgetTokens });
    const earlierTokens = earlier.inputTokens + earlier.outputTokens;
    expect((await tenantBudgetToday(db, tenantId))?.spentTokens).toBe(earlierTokens);

    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push(
        (await startRun(db, operator, { agent: "support-triage", input: `T-${i}`, model: UNPRICED })).id,
      );
    const worker = new RunWorker(testEngine(db, { resolveModel: fixedModel(endlessModel()) }), database.sql, {
      concurrency: 10,
      pollMs: 100,
    });
    await worker.start();
    try {
      await waitUntil(async () => {
        const rows = await db.select().from(runs).where(inArray(runs.id, ids));
        return rows.every((r) => (TERMINAL_STATUSES as readonly string[]).includes(r.status));
      });
    } finally {
      await worker.stop();
    }
    const rows = await db.select().from(runs).where(inArray(runs.id, ids));
    expect(new Set(rows.map((r) => r.stopReason))).toEqual(new Set(["budget_tokens"]));
    expect(rows[0]?.error).toMatch(/daily budget of 40,000 tokens for models without a price is used up/);
    const used = earlierTokens + rows.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
    const today = await tenantBudgetToday(db, tenantId);
    expect(today).toMatchObject({ spentUsd: 0, reservedUsd: 0, reservedTokens: 0, spentTokens: used });
    expect(used).toBeLessThanOrEqual(budgetTokens);
    expect(used).toBeGreaterThan(budgetTokens - 2 * (USAGE.input + MAX_OUTPUT_TOKENS + 10_000));
    await expect(
      startRun(db, operator, { agent: "support-triage", input: "One more", model: UNPRICED }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/gives compat:llama3.1 a price/),
    });
  });
});

/** The first `n` turns a model would play. */
async function firstTurns(model: MockLanguageModelV4, n: number): Promise<LanguageModelV4GenerateResult[]> {
  const turns: LanguageModelV4GenerateResult[] = [];
  for (let i = 0; i < n; i++) turns.push(await model.doGenerate({ prompt: [] } as never));
  return turns;
}

const answer = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: {
    inputTokens: { total: USAGE.input, noCache: USAGE.input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: USAGE.output, text: USAGE.output, reasoning: 0 },
  },
  warnings: [],
});

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
