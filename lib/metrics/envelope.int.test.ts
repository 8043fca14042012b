import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as envelopeRoute from "@/app/api/v1/metrics/envelope/route";
import { approvals, receipts, runs } from "@/db/schema";
import { createMember } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { undoReceipt } from "@/lib/receipts/undo";
import { setRunOutcome } from "@/lib/runs/run-outcome";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimUntil, demoTenant, runToEnd, testEngine } from "@/lib/runtime/testing/engine-harness";
import { getEnvelopeReport } from "./envelope";

const { db } = await createTestDatabase();
const engine = testEngine(db);
const APP = "http://127.0.0.1:9";

describe("envelope and quality metrics", () => {
  it("count approvals, denials, outcomes, unverified runs and undone actions as the runs themselves show", async () => {
    const { operator } = await demoTenant(db);
    const start = (input: string, model?: string) =>
      runToEnd(db, engine, operator, { agent: "support-triage", input, ...(model ? { model } : {}) });
    const plain = await start("Resolve ticket T-1001");
    const approved = await start("Resolve ticket T-1004");
    const rejected = await start("Resolve ticket T-1015");
    await start("Resolve ticket T-1010", "sim:gullible");
    await start("Resolve ticket T-1005", "sim:boastful");
    for (const [run, decision] of [
      [approved, "approve"],
      [rejected, "reject"],
    ] as const) {
      const [request] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
      if (!request) throw new Error("no request");
      await decideApproval(db, operator, request.id, { decision, comment: "checked" }, APP);
      await executeRun(engine, await claimUntil(db, engine, run.id), new AbortController().signal);
    }
    const [refund] = await db
      .select()
      .from(receipts)
      .where(and(eq(receipts.runId, plain.id), eq(receipts.tool, "issue_refund")));
    if (!refund) throw new Error("no refund receipt");
    await undoReceipt(db, operator, refund.id, { reason: "Customer found the mug" });
    await setRunOutcome(db, operator, plain.id, { outcome: "accepted" });

    const report = await getEnvelopeReport(db, operator, {});
    const all = await db.select().from(runs).where(eq(runs.tenantId, operator.tenantId));
    expect(report.approvals).toMatchObject({
      requested: 2,
      approved: 1,
      rejected: 1,
      expired: 0,
      pending: 0,
    });
    expect(report.approvals.escalationRate).toBeCloseTo(2 / all.length, 6);
    expect(report.approvals.waitP95Ms).toBeGreaterThanOrEqual(report.approvals.waitP50Ms ?? 0);
    expect(report.escalationPerDay.reduce((n, d) => n + d.escalated, 0)).toBe(2);
    expect(report.denials).toContainEqual({ tool: "send_email", denied: 1 });
    expect(report.outcomes.accepted).toBe(1);
    expect(report.unverified.count).toBe(all.filter((r) => r.status === "unverified").length);
    expect(report.unverified.count).toBe(1);
    expect(report.undone).toEqual([
      expect.objectContaining({
        undoesReceiptId: refund.id,
        tool: "issue_refund",
        kind: "undo",
        why: "Customer found the mug",
        by: operator.label,
      }),
    ]);
  });

  it("serves the same numbers over the API", async () => {
    const { operator, tenantId } = await demoTenant(db);
    await runToEnd(db, engine, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    const admin = await createMember(db, { id: tenantId, name: "Demo" }, "admin");
    const { key } = await createApiKey(db, admin, { name: "dash", role: "viewer" });
    const response = await envelopeRoute.GET(
      new Request("http://localhost/api/v1/metrics/envelope", {
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    const report = await getEnvelopeReport(db, operator, {});
    expect(body.approvals).toMatchObject({
      requested: report.approvals.requested,
      pending: 1,
      escalation_rate: report.approvals.escalationRate,
    });
    expect(body.escalation_per_day).toEqual(report.escalationPerDay);
  });

  it("sees only the actor's tenant", async () => {
    const { operator } = await demoTenant(db);
    const report = await getEnvelopeReport(db, operator, {});
    expect(report.approvals.requested).toBe(0);
    expect(report.undone).toEqual([]);
  });
});
