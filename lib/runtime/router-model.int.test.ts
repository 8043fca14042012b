import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, type ModelStepPayload, runSteps, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { promoteRun } from "@/lib/runs/promote-run";
import { readTraceSpans } from "@/lib/telemetry/trace-spans";
import { agentSnapshotOf } from "./agent-snapshots";
import type { EngineConfig } from "./engine-config";
import { executeRun } from "./execute-run";
import { RunState } from "./run-state";
import { claimUntil, demoTenant, runToEnd, testEngine, toolCallTurn } from "./testing/engine-harness";

const { db } = await createTestDatabase();

const MAIN = "openai:gpt-5";
const ROUTER = "openai:gpt-5-nano";

/** The demo tenant's support-triage on MAIN, with ROUTER for its simple turns. */
async function routedTriage() {
  const tenant = await demoTenant(db);
  await db
    .update(agents)
    .set({ model: MAIN, routerModel: ROUTER })
    .where(and(eq(agents.tenantId, tenant.tenantId), eq(agents.name, "support-triage")));
  return tenant;
}

type Script = NonNullable<ConstructorParameters<typeof MockLanguageModelV4>[0]>["doGenerate"];

/** Scripted models by name: resolveModel hands out each model its own script answers. */
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
  const calls = (name: string) => byName.get(name)?.doGenerateCalls.length ?? 0;
  return { engine, calls };
}

const modelSteps = async (runId: string) =>
  (
    await db
      .select()
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), eq(runSteps.kind, "model")))
      .orderBy(asc(runSteps.seq))
  ).map((step) => ({ turn: step.turn, payload: step.payload as ModelStepPayload, costUsd: step.costUsd }));

const finish = toolCallTurn("fin", "finish_run", { answer: "Done." });

describe("the router model", () => {
  it("answers the turns after successful reads; the main model plans, and answers after a failed read or a write", async () => {
    const { operator, tenantId } = await routedTriage();
    const { engine, calls } = scripted({
      [MAIN]: [
        toolCallTurn("a", "get_ticket", { ticket_id: "T-1001" }),
        toolCallTurn("c", "get_ticket", { ticket_id: "T-1002" }),
        finish,
      ],
      [ROUTER]: [
        // An order that does not exist: the read fails.
        toolCallTurn("b", "get_order", { order_id: "O-0000" }),
        toolCallTurn("d", "update_ticket", { ticket_id: "T-1002", status: "pending", note: "Asked." }),
      ],
    });
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Look T-1001 up" });
    expect(run).toMatchObject({ status: "succeeded", model: MAIN });
    expect([calls(MAIN), calls(ROUTER)]).toEqual([3, 2]);

    const steps = await modelSteps(run.id);
    // Turn 1 plans; 2 follows a read; 3 a failed read; 4 a read; 5 a write.
    expect(steps.map((s) => s.payload.model ?? "main")).toEqual(["main", ROUTER, "main", ROUTER, "main"]);
    // Each step is priced at the model that answered it (100 tokens in, 20 out).
    expect(steps[0]?.costUsd).toBeCloseTo((100 * 1.25 + 20 * 10) / 1e6, 9);
    expect(steps[1]?.costUsd).toBeCloseTo((100 * 0.05 + 20 * 0.4) / 1e6, 9);
    const routedSpan = (await readTraceSpans(db, run)).find((s) => s.seq === 3);
    expect(routedSpan?.name).toBe("chat gpt-5-nano");
    expect(routedSpan?.attributes).toMatchObject({ "flightdeck.routed_from": MAIN });

    // The run's settings carry the router model; a run resumed from its steps makes the same choices.
    expect((await agentSnapshotOf(db, tenantId, run.agentSnapshotHash)).routerModel).toBe(ROUTER);
    const rows = await db
      .select()
      .from(runSteps)
      .where(eq(runSteps.runId, run.id))
      .orderBy(asc(runSteps.seq));
    const resumedBeforeEachTurn = rows.flatMap((row, i) =>
      row.kind === "model" ? [RunState.fromSteps("", run.input, rows.slice(0, i)).nextTurnIsSimple] : [],
    );
    expect(resumedBeforeEachTurn).toEqual([false, true, false, true, false]);
  });

  it("is left out of the settings of an agent without one, whose steps name no model", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1001",
    });
    const snapshot = await agentSnapshotOf(db, tenantId, run.agentSnapshotHash);
    expect(Object.keys(snapshot)).not.toContain("routerModel");
    const steps = await modelSteps(run.id);
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.every((s) => s.payload.model === undefined)).toBe(true);
  });

  it("never answers a replay: a promoted dry run repeats the recorded turns", async () => {
    const { operator } = await routedTriage();
    const { engine, calls } = scripted({
      // The promoted run's closing answer is written live, by the run's model, never the router.
      [MAIN]: [toolCallTurn("a", "get_ticket", { ticket_id: "T-1001" }), finish],
      [ROUTER]: [finish],
    });
    const dry = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Look T-1001 up",
      dryRun: true,
    });
    expect(dry.status).toBe("succeeded");
    expect((await modelSteps(dry.id)).map((s) => s.payload.model)).toEqual([undefined, ROUTER]);

    const queued = await promoteRun(db, operator, dry.id);
    await executeRun(engine, await claimUntil(db, engine, queued.id), new AbortController().signal);
    const [live] = await db.select().from(runs).where(eq(runs.id, queued.id));
    expect(live?.status).toBe("succeeded");
    expect([calls(MAIN), calls(ROUTER)]).toEqual([2, 1]);
    expect((await modelSteps(queued.id)).every((s) => s.payload.model === undefined)).toBe(true);
  });

  it("gives way to the fallback model while its circuit breaker is open", async () => {
    const { operator, tenantId } = await routedTriage();
    // A router of its own: breakers are per model name and process.
    const router = "anthropic:claude-haiku-4-5";
    const fallback = "openai:gpt-4o-mini";
    await db
      .update(agents)
      .set({ routerModel: router, fallbackModel: fallback })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "support-triage")));
    const overloaded = new APICallError({
      message: "overloaded",
      url: "https://models.test",
      requestBodyValues: {},
      statusCode: 503,
    });
    const { engine, calls } = scripted(
      {
        [MAIN]: [toolCallTurn("a", "get_ticket", { ticket_id: "T-1001" })],
        [router]: async () => {
          throw overloaded;
        },
        [fallback]: [finish],
      },
      {
        resilience: {
          ...DEFAULT_RESILIENCE,
          modelAttempts: 3,
          breakerFailures: 3,
          baseDelayMs: 1,
          maxDelayMs: 5,
        },
      },
    );
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Look T-1001 up" });
    expect(run.status).toBe("succeeded");
    expect(calls(fallback)).toBe(1);
    expect((await modelSteps(run.id)).map((s) => s.payload.model)).toEqual([undefined, fallback]);
    const span = (await readTraceSpans(db, run)).find((s) => s.seq === 3);
    expect(span?.attributes).toMatchObject({ "flightdeck.fallback_from": MAIN });
  });
});
