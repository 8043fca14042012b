import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, auditLog, type ModelStepPayload, modelPrices, runSteps, runs } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { costPerDay } from "@/lib/metrics/cost-queries";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { storeAgentSnapshot } from "@/lib/runtime/agent-snapshots";
import { fixedModel, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { deletePrice, listPrices, setPrice } from "./price-table";
import { contextWindowOf, priceAt, seedModelPrices } from "./pricing";
import { recomputeCosts } from "./recompute-costs";

const { db } = await createTestDatabase();
await seedModelPrices(db);

async function tenantWithRoles(name: string) {
  const tenant = await createTenant(db, name);
  await seedDemoBusiness(db, tenant.id);
  return {
    tenant,
    admin: await createMember(db, tenant, "admin"),
    operator: await createMember(db, tenant, "operator"),
    viewer: await createMember(db, tenant, "viewer"),
  };
}

const GPT5 = "openai:gpt-5";
// The list price of openai:gpt-5 (since 2025-11-01): 1.25 in, 0.125 cached, 10 out, reasoning as output.
const LIST = { input: 1.25, cached: 0.125, output: 10, reasoning: 10 };
type Usage = ModelStepPayload["usage"];
type Price = { input: number; cached: number; output: number; reasoning: number };

/** The expected cost from raw usage, written out independently of `costOf`. */
const expected = (u: Usage, p: Price) =>
  ((u.inputTokens - u.cachedInputTokens) * p.input +
    u.cachedInputTokens * p.cached +
    (u.outputTokens - u.reasoningTokens) * p.output +
    u.reasoningTokens * p.reasoning) /
  1e6;

const CALLS: Usage[] = [
  { inputTokens: 12_000, cachedInputTokens: 8_000, outputTokens: 3_000, reasoningTokens: 2_000 },
  { inputTokens: 20_000, cachedInputTokens: 15_000, outputTokens: 1_500, reasoningTokens: 1_200 },
];

/** A recorded run started on `day`, with one model step per usage, priced at `price` (null: unpriced). */
async function recordedRun(
  tenantId: string,
  day: string,
  usages: Usage[],
  price: Price | null,
  model = GPT5,
) {
  const [agent] = await db.select().from(agents).where(eq(agents.tenantId, tenantId)).limit(1);
  if (!agent) throw new Error("no agent");
  const at = new Date(`${day}T10:00:00Z`);
  const costs = usages.map((u) => (price ? Number(expected(u, price).toFixed(6)) : null));
  const [run] = await db
    .insert(runs)
    .values({
      tenantId,
      agentId: agent.id,
      agentName: agent.name,
      agentVersion: 1,
      agentSnapshotHash: await storeAgentSnapshot(db, tenantId, {
        instructions: "x",
        tools: [],
        maxSteps: 10,
        maxSeconds: 60,
      }),
      model,
      input: "fixture",
      status: "succeeded",
      stopReason: "completed",
      costUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((a, c) => a + (c ?? 0), 0),
      traceId: "0".repeat(32),
      createdBy: "test",
      createdAt: at,
      startedAt: at,
      endedAt: at,
    })
    .returning();
  if (!run) throw new Error("no run");
  for (const [i, usage] of usages.entries()) {
    const payload: ModelStepPayload = {
      text: "",
      toolCalls: [],
      finishReason: "stop",
      usage,
      costUsd: costs[i] ?? null,
    };
    await db.insert(runSteps).values({
      runId: run.id,
      seq: i + 1,
      turn: i + 1,
      kind: "model",
      payload,
      costUsd: costs[i] ?? null,
      startedAt: at,
      endedAt: at,
    });
  }
  return run.id;
}

async function costs(runId: string) {
  const [run] = await db.select({ cost: runs.costUsd }).from(runs).where(eq(runs.id, runId));
  const steps = await db
    .select({ cost: runSteps.costUsd, payload: runSteps.payload })
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), eq(runSteps.kind, "model")))
    .orderBy(asc(runSteps.seq));
  return {
    run: run?.cost ?? null,
    steps: steps.map((s) => s.cost),
    payloads: steps.map((s) => (s.payload as ModelStepPayload).costUsd),
  };
}

const runCost = (usages: Usage[], p: Price) =>
  usages.reduce((sum, u) => sum + Number(expected(u, p).toFixed(6)), 0);

const dayBefore = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function spendPerDay(actor: Parameters<typeof costPerDay>[1], from: string, to: string) {
  const chart = await costPerDay(db, actor, metricsFilterSchema.parse({ from, to }));
  return Object.fromEntries(chart.days.filter((d) => d.totalUsd > 0).map((d) => [d.day, d.totalUsd]));
}

describe("the price table", () => {
  it("prices a run whose model calls used cached input and reasoning tokens per the table", async () => {
    const { admin, operator } = await tenantWithRoles("Priced Co");
    // The tenant's price has its own reasoning price, so every token class has a distinct rate.
    const price = { input: 2, cached: 0.5, output: 8, reasoning: 16 };
    await setPrice(db, admin, {
      model: GPT5,
      effectiveFrom: "2025-11-01",
      inputPerMTok: price.input,
      cachedInputPerMTok: price.cached,
      outputPerMTok: price.output,
      reasoningPerMTok: price.reasoning,
    });
    let n = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async (): Promise<LanguageModelV4GenerateResult> => {
        const usage = CALLS[n] as Usage;
        n += 1;
        return {
          content:
            n === 1
              ? [{ type: "tool-call", toolCallId: "c1", toolName: "search_kb", input: '{"query":"refund"}' }]
              : [{ type: "text", text: "Done." }],
          finishReason:
            n === 1 ? { unified: "tool-calls", raw: "tool_calls" } : { unified: "stop", raw: "stop" },
          usage: {
            inputTokens: {
              total: usage.inputTokens,
              noCache: usage.inputTokens - usage.cachedInputTokens,
              cacheRead: usage.cachedInputTokens,
              cacheWrite: 0,
            },
            outputTokens: {
              total: usage.outputTokens,
              text: usage.outputTokens - usage.reasoningTokens,
              reasoning: usage.reasoningTokens,
            },
          },
          warnings: [],
        };
      },
    });
    // ops-health: the scripted model only answers, and support-triage's success needs a ticket update.
    const run = await runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), operator, {
      agent: "ops-health",
      input: "Check the app's health",
      model: GPT5,
    });
    expect(run.status).toBe("succeeded");
    const steps = await db
      .select()
      .from(runSteps)
      .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "model")))
      .orderBy(asc(runSteps.seq));
    expect(steps).toHaveLength(2);
    let total = 0;
    for (const step of steps) {
      const usage = (step.payload as ModelStepPayload).usage;
      expect(usage.cachedInputTokens).toBeGreaterThan(0);
      expect(usage.reasoningTokens).toBeGreaterThan(0);
      expect(step.costUsd).toBeCloseTo(expected(usage, price), 6);
      total += expected(usage, price);
    }
    expect(run.costUsd).toBeCloseTo(total, 6);
    expect(total).not.toBeCloseTo(runCost(CALLS, LIST), 4);
  });

  it("recomputes the steps, runs and cost chart of the period a corrected past price governs, for that tenant only", async () => {
    const a = await tenantWithRoles("Corrected Co");
    const b = await tenantWithRoles("Untouched Co");
    const [d1, d2, d3] = [dayBefore(60), dayBefore(30), dayBefore(5)];
    const early = await recordedRun(a.tenant.id, d1, CALLS, LIST);
    const middle = await recordedRun(a.tenant.id, d2, CALLS, LIST);
    const late = await recordedRun(a.tenant.id, d3, [CALLS[0] as Usage], LIST);
    const others = await recordedRun(b.tenant.id, d2, CALLS, LIST);
    const range = [dayBefore(70), dayBefore(0)] as const;
    const otherChart = await spendPerDay(b.viewer, ...range);
    expect((await spendPerDay(a.viewer, ...range))[d2]).toBeCloseTo(runCost(CALLS, LIST), 6);

    // From d2 on, this tenant pays a corrected price: the middle and late runs are repriced.
    const fixed = { input: 1, cached: 0.1, output: 12, reasoning: 12 };
    const from = dayBefore(40);
    const change = await setPrice(db, a.admin, {
      model: GPT5,
      effectiveFrom: from,
      inputPerMTok: fixed.input,
      cachedInputPerMTok: fixed.cached,
      outputPerMTok: fixed.output,
      note: "Invoice of the provider",
    });
    expect(change.recomputed).toEqual({ from, until: null, runs: 2, steps: 3 });
    expect((await costs(early)).run).toBeCloseTo(runCost(CALLS, LIST), 6);
    const middleCosts = await costs(middle);
    expect(middleCosts.run).toBeCloseTo(runCost(CALLS, fixed), 6);
    CALLS.forEach((u, i) => {
      expect(middleCosts.steps[i]).toBeCloseTo(expected(u, fixed), 6);
      expect(middleCosts.payloads[i]).toBeCloseTo(expected(u, fixed), 9);
    });
    expect((await costs(late)).run).toBeCloseTo(runCost([CALLS[0] as Usage], fixed), 6);
    const chart = await spendPerDay(a.viewer, ...range);
    expect(chart[d1]).toBeCloseTo(runCost(CALLS, LIST), 6);
    expect(chart[d2]).toBeCloseTo(runCost(CALLS, fixed), 6);
    expect(chart[d3]).toBeCloseTo(runCost([CALLS[0] as Usage], fixed), 6);
    // The other tenant's costs and chart are untouched.
    expect((await costs(others)).run).toBeCloseTo(runCost(CALLS, LIST), 6);
    expect(await spendPerDay(b.viewer, ...range)).toEqual(otherChart);

    // A later correction takes over from its date: the first one now governs only up to it.
    const later = { input: 3, cached: 0.3, output: 30, reasoning: 60 };
    const laterFrom = dayBefore(10);
    const second = await setPrice(db, a.admin, {
      model: GPT5,
      effectiveFrom: laterFrom,
      inputPerMTok: later.input,
      cachedInputPerMTok: later.cached,
      outputPerMTok: later.output,
      reasoningPerMTok: later.reasoning,
    });
    expect(second.recomputed).toMatchObject({ runs: 1, steps: 1 });
    expect((await costs(late)).run).toBeCloseTo(runCost([CALLS[0] as Usage], later), 6);
    expect((await costs(middle)).run).toBeCloseTo(runCost(CALLS, fixed), 6);

    // Deleting the first correction: its period is governed by the list price again.
    const removed = await deletePrice(db, a.admin, { model: GPT5, effectiveFrom: from });
    expect(removed.recomputed).toEqual({ from, until: laterFrom, runs: 1, steps: 2 });
    expect((await costs(middle)).run).toBeCloseTo(runCost(CALLS, LIST), 6);
    expect((await costs(late)).run).toBeCloseTo(runCost([CALLS[0] as Usage], later), 6);

    const table = await listPrices(db, a.viewer);
    const gpt5 = table.find((m) => m.model === GPT5)?.prices ?? [];
    expect(gpt5.map((p) => [p.effectiveFrom, p.source])).toEqual([
      [laterFrom, `tenant: ${a.admin.label}`],
      ["2025-11-01", "list"],
    ]);
    expect((await listPrices(db, b.viewer)).find((m) => m.model === GPT5)?.prices).toHaveLength(1);

    const audit = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.tenantId, a.tenant.id), inArray(auditLog.action, ["price.set", "price.deleted"])),
      )
      .orderBy(asc(auditLog.id));
    expect(audit.map((e) => [e.action, e.targetId, e.actorLabel])).toEqual([
      ["price.set", `${GPT5}@${from}`, a.admin.label],
      ["price.set", `${GPT5}@${laterFrom}`, a.admin.label],
      ["price.deleted", `${GPT5}@${from}`, a.admin.label],
    ]);
    expect(audit[0]?.details).toMatchObject({
      before: null,
      after: { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 12, reasoningPerMTok: null },
      recomputed: { runs: 2, steps: 3 },
    });
    expect(audit[2]?.details).toMatchObject({ before: { effectiveFrom: from }, recomputed: { runs: 1 } });
  });

  it("prices an unpriced model's past runs once a price is set, and unprices them when it is deleted", async () => {
    const { admin, tenant } = await tenantWithRoles("Unpriced Co");
    const day = dayBefore(3);
    const id = await recordedRun(tenant.id, day, CALLS, null, "compat:llama3.1:8b");
    expect((await costs(id)).run).toBeNull();
    const price = { input: 0.1, cached: 0.1, output: 0.2, reasoning: 0.2 };
    const set = await setPrice(db, admin, {
      model: "compat:llama3.1:8b",
      effectiveFrom: dayBefore(7),
      inputPerMTok: 0.1,
      cachedInputPerMTok: 0.1,
      outputPerMTok: 0.2,
    });
    expect(set.recomputed).toMatchObject({ runs: 1, steps: 2 });
    expect((await costs(id)).run).toBeCloseTo(runCost(CALLS, price), 6);
    await deletePrice(db, admin, { model: "compat:llama3.1:8b", effectiveFrom: dayBefore(7) });
    expect(await costs(id)).toEqual({ run: null, steps: [null, null], payloads: [null, null] });
  });

  it("knows the list's context windows, and lets a tenant set its own for itself only", async () => {
    const a = await tenantWithRoles("Window Co");
    const b = await tenantWithRoles("Other Window Co");
    const windowOf = async (actor: typeof a.admin, model: string) =>
      (await listPrices(db, actor)).find((m) => m.model === model)?.prices[0]?.contextWindow;
    expect(await windowOf(a.admin, GPT5)).toBe(400_000);
    expect(await windowOf(a.admin, "sim:default")).toBe(32_000);
    const today = dayBefore(0);
    await setPrice(db, a.admin, {
      model: GPT5,
      effectiveFrom: today,
      inputPerMTok: 1.25,
      cachedInputPerMTok: 0.125,
      outputPerMTok: 10,
      contextWindow: 64_000,
    });
    expect(await windowOf(a.admin, GPT5)).toBe(64_000);
    expect(await windowOf(b.admin, GPT5)).toBe(400_000);
    expect(contextWindowOf(GPT5, await priceAt(db, GPT5, today, a.tenant.id))).toBe(64_000);
    expect(contextWindowOf(GPT5, await priceAt(db, GPT5, today, b.tenant.id))).toBe(400_000);
    expect(contextWindowOf("compat:llama3.1:8b", null)).toBeNull();
    await expect(
      setPrice(db, a.admin, {
        model: GPT5,
        effectiveFrom: today,
        inputPerMTok: 1,
        cachedInputPerMTok: 1,
        outputPerMTok: 1,
        contextWindow: 12.5,
      }),
    ).rejects.toMatchObject({ code: "invalid_input", field: "contextWindow" });
  });

  it("refuses a future-dated price: nothing recorded changes", async () => {
    const { admin, tenant } = await tenantWithRoles("Future Co");
    const id = await recordedRun(tenant.id, dayBefore(1), CALLS, LIST);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await expect(
      setPrice(db, admin, {
        model: GPT5,
        effectiveFrom: tomorrow,
        inputPerMTok: 100,
        cachedInputPerMTok: 100,
        outputPerMTok: 100,
      }),
    ).rejects.toThrow(/in the future/);
    expect(await db.select().from(modelPrices).where(eq(modelPrices.tenantId, tenant.id))).toEqual([]);
    expect((await costs(id)).run).toBeCloseTo(runCost(CALLS, LIST), 6);
    // Even a future row written directly governs nothing recorded yet.
    expect(await recomputeCosts(db, tenant.id, GPT5, tomorrow)).toMatchObject({ runs: 0, steps: 0 });
  });

  it("lets only admins change prices, and validates what they send", async () => {
    const { admin, operator, viewer } = await tenantWithRoles("Roles Co");
    const input = {
      model: GPT5,
      effectiveFrom: dayBefore(2),
      inputPerMTok: 1,
      cachedInputPerMTok: 1,
      outputPerMTok: 1,
    };
    for (const actor of [viewer, operator]) {
      await expect(setPrice(db, actor, input)).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        deletePrice(db, actor, { model: GPT5, effectiveFrom: dayBefore(2) }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect((await listPrices(db, viewer)).length).toBeGreaterThan(0);
    await expect(setPrice(db, admin, { ...input, model: "gpt-5" })).rejects.toMatchObject({ field: "model" });
    await expect(setPrice(db, admin, { ...input, outputPerMTok: -1 })).rejects.toThrow(/cannot be negative/);
    await expect(setPrice(db, admin, { ...input, effectiveFrom: "2026-02-30" })).rejects.toThrow(
      /calendar date/,
    );
    await expect(deletePrice(db, admin, { model: GPT5, effectiveFrom: "2025-11-01" })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
