import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, evalCaseResults, evalSuiteRuns } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { demoTenant, testEngine } from "@/lib/runtime/testing/engine-harness";
import { SUITE_FORMAT } from "./case-schema";
import { isActive, queueSuiteRun, suiteRunState } from "./queue-suite-run";
import {
  claimSuiteRun,
  executeSuiteRun,
  MAX_SUITE_RUN_ATTEMPTS,
  renewSuiteLease,
  SuiteLeaseLostError,
  SuiteRunWorker,
} from "./suite-run-worker";
import { importSuite } from "./suite-store";

const { db } = await createTestDatabase();
const engine = testEngine(db, { leaseSeconds: 30 });
const { operator, tenantId } = await demoTenant(db, { keepRequiredEvidence: true });
const viewer = await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer");
const outsider = await createMember(db, await createTenant(db), "admin");

// Two quick cases: one the simulator passes, one whose step limit it cannot keep.
const suiteFile = {
  format: SUITE_FORMAT,
  name: "queued",
  cases: [
    {
      name: "shipping-question",
      agent: { name: "support-triage" },
      goal: "Resolve ticket T-1002.",
      expect: { status: "succeeded", no_receipts: [{ tool: "issue_refund" }] },
    },
    {
      name: "too-few-steps",
      agent: { name: "support-triage" },
      goal: "Resolve ticket T-1003.",
      expect: { max_steps: 1 },
    },
  ],
};
await importSuite(db, operator, suiteFile);

const rowOf = async (id: string) => {
  const [row] = await db.select().from(evalSuiteRuns).where(eq(evalSuiteRuns.id, id));
  if (!row) throw new Error("no such suite run");
  return row;
};
const expireLease = (id: string) =>
  db
    .update(evalSuiteRuns)
    .set({ leaseExpiresAt: new Date(Date.now() - 1000) })
    .where(eq(evalSuiteRuns.id, id));

describe("suite runs queued from the app", () => {
  it("are queued, not run, by the request; audited; only operators queue; other tenants see nothing", async () => {
    await expect(queueSuiteRun(db, viewer, "queued", {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(queueSuiteRun(db, outsider, "queued", {})).rejects.toMatchObject({ code: "not_found" });
    await expect(queueSuiteRun(db, operator, "queued", { agent: "ops-health" })).rejects.toMatchObject({
      code: "invalid_input",
      message: "queued has no case of ops-health.",
    });
    await expect(
      queueSuiteRun(db, operator, "queued", { agent: "support-triage", agentVersion: 99 }),
    ).rejects.toMatchObject({ code: "invalid_input", message: expect.stringContaining("no version 99") });
    await expect(queueSuiteRun(db, operator, "queued", { bogus: 1 } as never)).rejects.toThrow();

    const run = await queueSuiteRun(db, operator, "queued", { agent: "support-triage" });
    expect(run).toMatchObject({ status: "queued", casesTotal: 2, passed: 0, failed: 0, leaseOwner: null });
    const state = await suiteRunState(db, viewer, "queued", run.id);
    expect(state.results).toEqual([]);
    expect(isActive(state.run)).toBe(true);
    await expect(suiteRunState(db, outsider, "queued", run.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(suiteRunState(db, viewer, "queued", "not-an-id")).rejects.toMatchObject({
      code: "not_found",
    });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "eval_suite.run_queued"), eq(auditLog.tenantId, tenantId)));
    expect(audit?.details).toMatchObject({ name: "queued", run: run.id, cases: 2, agent: "support-triage" });
    await db.delete(evalSuiteRuns).where(eq(evalSuiteRuns.id, run.id));
  });

  it("are leased to one worker at a time; an expired lease passes to another, and the first can no longer write", async () => {
    const run = await queueSuiteRun(db, operator, "queued", {});
    const first = await claimSuiteRun(db, "worker-a", 30);
    expect(first).toMatchObject({ id: run.id, status: "running", leaseOwner: "worker-a", attempts: 1 });
    expect(await claimSuiteRun(db, "worker-b", 30)).toBeNull();

    await expireLease(run.id);
    const second = await claimSuiteRun(db, "worker-b", 30);
    expect(second).toMatchObject({ id: run.id, leaseOwner: "worker-b", attempts: 2 });
    expect(second?.fencingToken).toBe((first?.fencingToken ?? 0) + 1);
    if (!first || !second) throw new Error("not claimed");
    await expect(renewSuiteLease(db, first, 30)).rejects.toBeInstanceOf(SuiteLeaseLostError);
    await renewSuiteLease(db, second, 30);

    // The first worker, still going, runs nothing and writes nothing: its lease is gone.
    await executeSuiteRun(engine, first, new AbortController().signal);
    expect(await db.select().from(evalCaseResults).where(eq(evalCaseResults.suiteRunId, run.id))).toEqual([]);
    expect(await rowOf(run.id)).toMatchObject({ status: "running", leaseOwner: "worker-b" });
    await db.delete(evalSuiteRuns).where(eq(evalSuiteRuns.id, run.id));
  }, 60_000);

  it("run every case to its result and totals; a resumed run keeps the results it has", async () => {
    const run = await queueSuiteRun(db, operator, "queued", {});
    const claimed = await claimSuiteRun(db, "worker-a", 30);
    if (!claimed) throw new Error("not claimed");
    // The first case ended under a worker that then died: its result stays, it is not run again.
    await db.insert(evalCaseResults).values({
      tenantId,
      suiteRunId: run.id,
      caseName: "shipping-question",
      pass: true,
      status: "succeeded",
      steps: 5,
      costUsd: 0.001,
      durationMs: 10,
      agentName: "support-triage",
      agentVersion: 1,
      checks: [],
    });
    await expireLease(run.id);
    const resumed = await claimSuiteRun(db, "worker-b", 30);
    if (!resumed) throw new Error("not resumed");
    await executeSuiteRun(engine, resumed, new AbortController().signal);

    const { run: done, results } = await suiteRunState(db, viewer, "queued", run.id);
    expect(done).toMatchObject({ status: "finished", passed: 1, failed: 1, leaseOwner: null, casesTotal: 2 });
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(results.map((r) => [r.caseName, r.pass, r.steps > 1])).toEqual([
      ["shipping-question", true, true],
      ["too-few-steps", false, true],
    ]);
    expect(results[1]).toMatchObject({ agentName: "support-triage", agentVersion: 1 });
    expect(results[1]?.checks).toContainEqual(expect.objectContaining({ check: "max_steps", pass: false }));
    const recorded = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "eval_suite.run_recorded"), eq(auditLog.targetId, run.suiteId)));
    expect(recorded.map((a) => a.details)).toEqual([expect.objectContaining({ run: run.id, failed: 1 })]);
  }, 120_000);

  it("give up a run whose workers keep dying", async () => {
    const run = await queueSuiteRun(db, operator, "queued", {});
    await db
      .update(evalSuiteRuns)
      .set({ attempts: MAX_SUITE_RUN_ATTEMPTS })
      .where(eq(evalSuiteRuns.id, run.id));
    const claimed = await claimSuiteRun(db, "worker-a", 30);
    if (!claimed) throw new Error("not claimed");
    await executeSuiteRun(engine, claimed, new AbortController().signal);
    expect(await rowOf(run.id)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("Given up"),
    });
  });

  it("are taken by the worker on its own, at the agent version asked for", async () => {
    const run = await queueSuiteRun(db, operator, "queued", { agent: "support-triage", agentVersion: 1 });
    const worker = new SuiteRunWorker(testEngine(db), 50);
    worker.start();
    try {
      const deadline = Date.now() + 90_000;
      let row = await rowOf(run.id);
      while (isActive(row) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        row = await rowOf(run.id);
      }
      expect(row).toMatchObject({ status: "finished", passed: 1, failed: 1, agentVersion: 1 });
      // The case that failed in the previous run fails again: no regression; the one that passed passed.
      expect(row.regressions).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 120_000);
});
