import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, demoRefunds, demoTickets, runSteps, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { startRun } from "@/lib/runs/start-run";
import { idempotencyKeyFor } from "@/lib/telemetry/ids";
import { getTool } from "@/lib/tools/registry";
import { executeRun } from "./execute-run";
import { claimNextRun } from "./lease";
import { commitStep } from "./persist-step";
import { demoTenant, testEngine } from "./testing/engine-harness";

const { db } = await createTestDatabase();

/** Leaves a run as a crash would: a model step proposing `toolName`, the call marked started, the lease expired. */
async function crashDuringToolCall(
  operator: Parameters<typeof startRun>[1],
  toolName: string,
  args: unknown,
) {
  const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
  const engine = testEngine(db);
  const run = await claimNextRun(db, engine.owner, 30);
  if (!run || run.id !== queued.id) throw new Error("claim failed");
  const now = new Date();
  const call = { toolCallId: "c1", toolName, input: args };
  await commitStep(db.$client, {
    run,
    step: {
      seq: 1,
      turn: 1,
      kind: "model",
      costUsd: 0,
      startedAt: now,
      endedAt: now,
      payload: {
        text: "",
        toolCalls: [call],
        finishReason: "tool-calls",
        usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0 },
        costUsd: 0,
      },
    },
    totals: { modelCalls: 1 },
    newSpans: [],
  });
  const idempotencyKey = idempotencyKeyFor(run.id, 1, "c1");
  await db
    .update(runs)
    .set({
      pendingToolCall: { seq: 2, toolCallId: "c1", toolName, idempotencyKey },
      leaseExpiresAt: sql`now() - interval '1 second'`,
    })
    .where(eq(runs.id, run.id));
  return { run, idempotencyKey };
}

async function resume(runId: string) {
  const engine = testEngine(db);
  const claimed = await claimNextRun(db, engine.owner, 30);
  expect(claimed?.id).toBe(runId);
  if (claimed) await executeRun(engine, claimed, new AbortController().signal);
  const [after] = await db.select().from(runs).where(eq(runs.id, runId));
  return after;
}

describe("crash recovery", () => {
  it("retries an idempotent write with the same key: the effect happens once", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const args = { order_id: "O-5004", amount_usd: 120, reason: "Refund requested in T-1004" };
    const { run, idempotencyKey } = await crashDuringToolCall(operator, "issue_refund", args);
    // The refund went through before the crash; only the commit was lost.
    const refund = getTool("issue_refund");
    await refund?.execute(args, {
      db,
      tenantId,
      runId: run.id,
      idempotencyKey,
      signal: new AbortController().signal,
      appBaseUrl: "http://127.0.0.1:9",
    });

    const after = await resume(run.id);
    expect(after?.status).toBe("succeeded");
    const refunds = await db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId));
    expect(refunds).toHaveLength(1);
  });

  it("reconciles an approved non-idempotent write interrupted mid-effect: the approval settles nothing about it", async () => {
    const { operator } = await demoTenant(db);
    const { run } = await crashDuringToolCall(operator, "update_ticket", {
      ticket_id: "T-1004",
      status: "closed",
      note: "x",
    });
    // A person had approved the call before it ran (the run was parked on it, then resumed).
    await db
      .update(runs)
      .set({
        approval: {
          approvalId: "00000000-0000-4000-8000-000000000009",
          toolCallId: "c1",
          status: "approved",
          kind: "approval",
          parkedAt: new Date().toISOString(),
        },
      })
      .where(eq(runs.id, run.id));
    const parked = await resume(run.id);
    expect(parked).toMatchObject({ status: "waiting_approval", approval: { kind: "reconcile" } });
    const requests = await db.select().from(approvals).where(eq(approvals.runId, run.id));
    expect(requests).toEqual([expect.objectContaining({ kind: "reconcile", toolName: "update_ticket" })]);
  });

  it("never re-executes a non-idempotent write blindly: a person reconciles it from the inbox", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const ticketStatus = async () =>
      (
        await db
          .select()
          .from(demoTickets)
          .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1004")))
      )[0]?.status;
    const interrupted = async () => {
      const { run } = await crashDuringToolCall(operator, "update_ticket", {
        ticket_id: "T-1004",
        status: "closed",
        note: "x",
      });
      const parked = await resume(run.id);
      expect(parked).toMatchObject({ status: "waiting_approval", approval: { kind: "reconcile" } });
      const [request] = await db.select().from(approvals).where(eq(approvals.runId, run.id));
      expect(request).toMatchObject({ kind: "reconcile", toolName: "update_ticket", status: "pending" });
      return { run, request: request as NonNullable<typeof request> };
    };
    const decide = (id: string, input: Parameters<typeof decideApproval>[3]) =>
      decideApproval(db, operator, id, input, "http://127.0.0.1:9");

    // Abandon: the run ends unknown_outcome; nothing was re-executed.
    const first = await interrupted();
    expect(await ticketStatus()).not.toBe("closed");
    await decide(first.request.id, { decision: "reject", comment: "Cannot tell, dropping it" });
    const abandoned = await resume(first.run.id);
    expect(abandoned).toMatchObject({ status: "failed", stopReason: "unknown_outcome" });
    expect(abandoned?.error).toMatch(/abandoned.*update_ticket/);

    // Mark done: recorded as the call's result, not executed again; the run goes on.
    const second = await interrupted();
    await decide(second.request.id, { decision: "mark_done", comment: "Checked the ticket" });
    const done = await resume(second.run.id);
    // The run went on past the settled call (here to the ticket's 120 USD refund, which asks a person).
    expect(done?.lastSeq).toBeGreaterThan(second.request.seq);
    expect(await ticketStatus()).not.toBe("closed");
    const [step] = await db
      .select()
      .from(runSteps)
      .where(and(eq(runSteps.runId, second.run.id), eq(runSteps.seq, second.request.seq)));
    expect(step?.payload).toMatchObject({ status: "ok", result: { reconciled: "done" } });

    // Retry: executed once more, now with its effect.
    const third = await interrupted();
    await decide(third.request.id, { decision: "approve" });
    await resume(third.run.id);
    expect(await ticketStatus()).toBe("closed");
    await expect(decide(third.request.id, { decision: "mark_done" })).rejects.toThrow(/Already approved/);
  });
});
