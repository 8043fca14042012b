import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, fixedModel, runToEnd, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

describe("a run's time limit", () => {
  it("bounds a model call that never answers: the run ends budget_time at its deadline, not minutes later", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await db
      .update(agents)
      .set({ maxSeconds: 2 })
      .where(and(eq(agents.tenantId, tenantId), eq(agents.name, "ops-health")));
    // A provider that accepts the request and never answers (it ignores the abort, as some do).
    const silent = new MockLanguageModelV4({ doGenerate: () => new Promise(() => {}) });
    const engine = testEngine(db, { resolveModel: fixedModel(silent), modelTimeoutMs: 120_000 });
    const started = Date.now();
    const run = await runToEnd(db, engine, operator, {
      agent: "ops-health",
      input: "Check the app's health",
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "budget_time" });
    expect(Date.now() - started).toBeLessThan(3_500);
  }, 15_000);
});
