import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, auditLog, demoRefunds, runSteps, runs, spans } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { startRun } from "@/lib/runs/start-run";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import { claimUntil, demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { waitFor } from "@/lib/testing/wait-for";
import { RunWorker } from "@/lib/worker/worker";
import { engageKillSwitch } from "./engage-kill-switch";
import { releaseKillSwitch } from "./release-kill-switch";

const database = await createTestDatabase();
const { db } = database;

const readRun = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0];

describe("the engine under kill switches", () => {
  it("aborts an in-flight model call within a second when its run is stopped", async () => {
    const { operator } = await demoTenant(db);
    const engine = testEngine(db);
    const queued = await startRun(db, operator, {
      agent: "ops-health",
      input: "Check",
      model: "sim:default:5000",
    });
    const running = executeRun(engine, await claimUntil(db, engine, queued.id), new AbortController().signal);
    await new Promise((r) => setTimeout(r, 300));
    const engagedAt = Date.now();
    await engageKillSwitch(db, operator, { scope: "run", target: queued.id, reason: "runaway drill" });
    await running;
    expect(Date.now() - engagedAt).toBeLessThan(1000);
    const run = await readRun(queued.id);
    expect(run).toMatchObject({ status: "killed", stopReason: "killed", lastSeq: 0 });
    expect(run?.error).toContain(`Stopped by ${operator.label}: runaway drill`);
    expect(run?.error).toContain("aborted the in-flight chat sim:default:5000 call");
    const [root] = await db
      .select()
      .from(spans)
      .where(and(eq(spans.runId, queued.id), eq(spans.name, "invoke_agent ops-health")));
    expect(root?.attributes).toMatchObject({
      "flightdeck.aborted": true,
      "flightdeck.stop_reason": "killed",
    });
  });

  it("pausing an agent holds its running run at the next step, and Resume lets it finish from there", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const worker = new RunWorker(testEngine(db), database.sql, { concurrency: 2, pollMs: 100 });
    await worker.start();
    try {
      const held = await startRun(db, operator, {
        agent: "ops-health",
        input: "Check",
        model: "sim:default:1500",
      });
      await waitFor(async () => (await readRun(held.id))?.status === "running");
      await engageKillSwitch(db, operator, { scope: "agent", target: "ops-health", reason: "bad deploy" });
      // The in-flight model call is dropped; nothing ends.
      await waitFor(async () => (await readRun(held.id))?.status === "paused", 10_000);
      const paused = await readRun(held.id);
      expect(paused).toMatchObject({ stopReason: null, endedAt: null, leaseOwner: null });
      await expect(startRun(db, operator, { agent: "ops-health", input: "Check" })).rejects.toThrow(
        `Agent ops-health is paused by ${operator.label}: bad deploy`,
      );
      // Another agent of the tenant is not affected.
      await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
      await releaseKillSwitch(db, operator, { scope: "agent", target: "ops-health", reason: "fixed" });
      await waitFor(async () => (await readRun(held.id))?.status === "succeeded", 20_000);
      const steps = await db.select({ seq: runSteps.seq }).from(runSteps).where(eq(runSteps.runId, held.id));
      const seqs = steps.map((s) => s.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      const audit = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.targetType, "agent")));
      expect(audit.map((e) => [e.action, e.actorLabel])).toEqual(
        expect.arrayContaining([
          ["kill.engaged", operator.label],
          ["kill.released", operator.label],
        ]),
      );
    } finally {
      await worker.stop();
    }
  }, 40_000);

  it("a run waiting for a person under a pause keeps waiting; approved, it waits for Resume, then finishes once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    expect(parked.status).toBe("waiting_approval");
    await engageKillSwitch(db, operator, { scope: "agent", target: "support-triage", reason: "audit" });
    expect((await readRun(parked.id))?.status).toBe("waiting_approval");

    const [approval] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await decideApproval(db, operator, approval?.id ?? "", { decision: "approve" }, engine.appBaseUrl);
    expect((await readRun(parked.id))?.status).toBe("queued");
    // No worker takes it while the agent is paused.
    const claimed = await claimNextRun(db, engine.owner, engine.leaseSeconds);
    expect(claimed?.id).not.toBe(parked.id);

    await releaseKillSwitch(db, operator, { scope: "agent", target: "support-triage", reason: "done" });
    // A process learns of the release by notification (or its 3 s reload): until then it holds the
    // run again, as a worker would, and takes it on its next claim.
    for (let i = 0; i < 50 && (await readRun(parked.id))?.status !== "succeeded"; i++) {
      await executeRun(engine, await claimUntil(db, engine, parked.id), new AbortController().signal);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await readRun(parked.id)).toMatchObject({ status: "succeeded", stopReason: "completed" });
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds).toHaveLength(1);
  });

  it("ends a run that repeats the same tool call with loop_detected", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, testEngine(db), operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      model: "sim:looping",
    });
    expect(run).toMatchObject({ status: "stopped", stopReason: "loop_detected", toolCalls: 2 });
    expect(run.error).toContain("3 times with the same arguments");
  });
});
