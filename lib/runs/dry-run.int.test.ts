import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agents, auditLog, receipts, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import {
  demoShop,
  demoTenant,
  driveRun,
  runToEnd,
  testEngine,
  toolStepsOf,
} from "@/lib/runtime/testing/engine-harness";
import { promoteRun } from "./promote-run";
import { startRun } from "./start-run";

const { db } = await createTestDatabase();
const engine = testEngine(db);

const shop = (tenantId: string) => demoShop(db, tenantId);

const toolSteps = (runId: string) => toolStepsOf(db, runId);

const drive = (runId: string) => driveRun(db, engine, runId);

describe("dry runs", () => {
  it("preview every write and change nothing; reads run for real", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const before = await shop(tenantId);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      dryRun: true,
    });
    expect(run).toMatchObject({ status: "succeeded", dryRun: true });
    expect(await shop(tenantId)).toEqual(before);
    const steps = await toolSteps(run.id);
    const refund = steps.find((s) => s.toolName === "issue_refund");
    expect(refund).toMatchObject({
      status: "ok",
      preview: true,
      result: { dry_run: true, would_write_ledger_entry: { order_id: "O-5005", amount_usd: 42 } },
    });
    expect(steps.find((s) => s.toolName === "get_ticket")?.preview).toBeUndefined();
    const kinds = await db
      .select({ tool: receipts.tool, kind: receipts.kind })
      .from(receipts)
      .where(eq(receipts.runId, run.id));
    expect(kinds).toContainEqual({ tool: "issue_refund", kind: "preview" });
    expect(kinds).toContainEqual({ tool: "get_ticket", kind: "action" });
    expect(run.output).toMatch(/Dry run, not done: issue_refund/);
  });

  it("a call that would need approval is previewed, not parked, and says so", async () => {
    const { operator } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
      dryRun: true,
    });
    expect(run.status).toBe("succeeded");
    const refund = (await toolSteps(run.id)).find((s) => s.toolName === "issue_refund");
    expect(refund).toMatchObject({ preview: true, policy: { effect: "approval" } });
  });

  it("a dry-run agent cannot be run live by asking for it", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await db.update(agents).set({ dryRun: true }).where(eq(agents.tenantId, tenantId));
    await expect(
      startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1005", dryRun: false }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1005" });
    expect(queued.dryRun).toBe(true);
    expect(await agentSnapshotOf(db, tenantId, queued.agentSnapshotHash)).toMatchObject({ dryRun: true });
  });

  it("promoting a dry run executes its actions for real, once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const dry = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      dryRun: true,
    });
    const queued = await promoteRun(db, operator, dry.id);
    expect(queued).toMatchObject({ promotedFrom: dry.id, dryRun: false });
    const live = await drive(queued.id);
    expect(live.status).toBe("succeeded");
    // Replayed turns cost nothing; the closing answer is the live model's, written from the real
    // results rather than the previews.
    expect(live.costUsd).toBeGreaterThan(0);
    expect(live.costUsd).toBeLessThan(dry.costUsd ?? 0);
    expect(dry.output).toMatch(/Dry run, not done: issue_refund/);
    expect(live.output).not.toMatch(/Dry run/);
    expect(live.output).toMatch(/Refunded \$42\.00 on O-5005/);
    expect((await shop(tenantId)).refunds.map((r) => [r.orderId, r.amountUsd])).toEqual([["O-5005", 42]]);
    expect((await toolSteps(live.id)).map((s) => s.toolName)).toEqual(
      (await toolSteps(dry.id)).map((s) => s.toolName),
    );
    await expect(promoteRun(db, operator, dry.id)).rejects.toThrow(/already promoted/);
    await expect(promoteRun(db, operator, live.id)).rejects.toThrow(/Only a dry run/);
  });

  it("two promotions of one dry run at the same moment start one live run", async () => {
    const { operator } = await demoTenant(db);
    const dry = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      dryRun: true,
    });
    const tries = await Promise.allSettled(Array.from({ length: 6 }, () => promoteRun(db, operator, dry.id)));
    const started = tries.filter((t) => t.status === "fulfilled");
    expect(started).toHaveLength(1);
    for (const refused of tries.filter((t) => t.status === "rejected"))
      expect(String((refused as PromiseRejectedResult).reason)).toMatch(/already promoted/);
    const promoted = await db.select().from(runs).where(eq(runs.promotedFrom, dry.id));
    expect(promoted).toHaveLength(1);
    const audited = await db.select().from(auditLog).where(eq(auditLog.action, "run.promoted"));
    expect(audited.filter((a) => a.targetId === promoted[0]?.id)).toHaveLength(1);
  });
});

describe("the outcome check", () => {
  it("an answer claiming a refund, an email and a ticket update that never happened → unverified", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const run = await runToEnd(db, engine, operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1005",
      model: "sim:boastful",
    });
    expect(run).toMatchObject({ status: "unverified", stopReason: "completed" });
    // Claimed in type, pointing at a call that never happened; claimed in text without a typed claim.
    expect(run.error).toMatch(
      /issue_refund call call_\d+_refund: no receipt of this run comes from that call/,
    );
    expect(run.error).toMatch(/a refund \(no issue_refund claim\)/);
    expect(run.error).toMatch(/an email \(no send_email claim\)/);
    expect((await shop(tenantId)).refunds).toEqual([]);
  });
});
