import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, auditLog, demoRefunds, killSwitches, runs } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { loadEngagedSwitches } from "@/lib/kill/queries";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { waitFor } from "@/lib/testing/wait-for";
import { RunWorker } from "@/lib/worker/worker";
import { finishRunByHand } from "./finish-run-by-hand";
import { startRun } from "./start-run";

const database = await createTestDatabase();
const { db } = database;

const readRun = async (id: string) => (await db.select().from(runs).where(eq(runs.id, id)))[0];

describe("taking a run over", () => {
  it("holds a running run at its next step; handed back, it finishes from there", async () => {
    const { operator } = await demoTenant(db);
    const worker = new RunWorker(testEngine(db), database.sql, { concurrency: 2, pollMs: 100 });
    await worker.start();
    try {
      const run = await startRun(db, operator, {
        agent: "ops-health",
        input: "Check",
        model: "sim:default:1500",
      });
      await waitFor(async () => (await readRun(run.id))?.status === "running");
      await engageKillSwitch(db, operator, { scope: "run_pause", target: run.id, reason: "looks odd" });
      await waitFor(async () => (await readRun(run.id))?.status === "paused");
      expect(await readRun(run.id)).toMatchObject({ stopReason: null, endedAt: null, leaseOwner: null });
      // Other runs of the agent still start and run.
      const other = await startRun(db, operator, { agent: "ops-health", input: "Check" });
      await waitFor(async () => (await readRun(other.id))?.status === "succeeded", 20_000);
      expect((await readRun(run.id))?.status).toBe("paused");

      await releaseKillSwitch(db, operator, { scope: "run_pause", target: run.id, reason: "fine" });
      await waitFor(async () => (await readRun(run.id))?.status === "succeeded", 20_000);
    } finally {
      await worker.stop();
    }
  }, 40_000);

  it("finishes a held run by hand: the operator's account, its request cancelled, the hold released, audited", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const engine = testEngine(db);
    const parked = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    expect(parked.status).toBe("waiting_approval");

    await expect(
      finishRunByHand(db, operator, parked.id, { outcome: "succeeded", note: "Did it myself." }),
    ).rejects.toThrow("Take the run over first");

    await engageKillSwitch(db, operator, { scope: "run_pause", target: parked.id, reason: "I'll handle it" });
    await expect(
      finishRunByHand(db, operator, parked.id, { outcome: "succeeded", note: "" }),
    ).rejects.toThrow("at least 3 characters");
    const done = await finishRunByHand(db, operator, parked.id, {
      outcome: "succeeded",
      note: "Refunded by phone, ticket closed.",
    });
    expect(done.status).toBe("succeeded");
    const ended = await readRun(parked.id);
    expect(ended).toMatchObject({
      status: "succeeded",
      stopReason: "finished_by_operator",
      output: `Finished by hand by ${operator.label}: Refunded by phone, ticket closed.`,
      error: null,
      leaseOwner: null,
    });
    expect(ended?.endedAt).toBeInstanceOf(Date);
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    expect(request?.status).toBe("cancelled");
    // The agent's refund never happened: the operator did the work.
    expect(await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId))).toHaveLength(0);
    const [hold] = await db.select().from(killSwitches).where(eq(killSwitches.target, parked.id));
    expect(hold).toMatchObject({
      scope: "run_pause",
      releasedBy: operator.label,
      releaseReason: "Finished by hand",
    });
    expect((await loadEngagedSwitches(db)).some((s) => s.target === parked.id)).toBe(false);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, parked.id), eq(auditLog.action, "run.finished_by_hand")));
    expect(entry).toMatchObject({
      actorLabel: operator.label,
      details: expect.objectContaining({ outcome: "succeeded" }),
    });

    await expect(
      finishRunByHand(db, operator, parked.id, { outcome: "failed", note: "Again." }),
    ).rejects.toThrow("Take the run over first");
  });

  it("a Stop ends a run that is held, and its hold no longer loads", async () => {
    const { operator } = await demoTenant(db);
    const run = await startRun(db, operator, { agent: "ops-health", input: "Check" });
    await engageKillSwitch(db, operator, { scope: "run_pause", target: run.id, reason: "looking" });
    expect((await readRun(run.id))?.status).toBe("paused");
    await engageKillSwitch(db, operator, { scope: "run", target: run.id, reason: "enough" });
    expect(await readRun(run.id)).toMatchObject({ status: "killed", stopReason: "killed" });
    expect((await loadEngagedSwitches(db)).some((s) => s.target === run.id)).toBe(false);
  });

  it("refuses a running step, a viewer, and another tenant", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await startRun(db, operator, { agent: "ops-health", input: "Check" });
    await engageKillSwitch(db, operator, { scope: "run_pause", target: run.id, reason: "looking" });
    // As if a worker still held it mid-step when the hold arrived.
    await db.update(runs).set({ status: "running", leaseOwner: "w1" }).where(eq(runs.id, run.id));
    await expect(
      finishRunByHand(db, operator, run.id, { outcome: "failed", note: "Gave up." }),
    ).rejects.toThrow("still finishing its current step");
    await db.update(runs).set({ status: "paused", leaseOwner: null }).where(eq(runs.id, run.id));

    const viewer = await createMember(db, { id: tenantId, name: operator.tenantName }, "viewer");
    await expect(
      finishRunByHand(db, viewer, run.id, { outcome: "failed", note: "Gave up." }),
    ).rejects.toThrow();
    const other = await createMember(db, await createTenant(db, "Elsewhere"), "admin");
    await expect(finishRunByHand(db, other, run.id, { outcome: "failed", note: "Gave up." })).rejects.toThrow(
      "No run with that id",
    );
    await expect(
      engageKillSwitch(db, other, { scope: "run_pause", target: run.id, reason: "mine now" }),
    ).rejects.toThrow("no such run");
    expect((await readRun(run.id))?.status).toBe("paused");
  });
});
