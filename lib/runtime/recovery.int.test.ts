import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoRefunds, demoTickets, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { getTool } from "@/lib/tools/registry";
import { executeRun } from "./execute-run";
import { idempotencyKeyFor } from "./ids";
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

  it("never re-executes a non-idempotent write blindly: the run ends with unknown_outcome", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const { run } = await crashDuringToolCall(operator, "update_ticket", {
      ticket_id: "T-1004",
      status: "closed",
      note: "x",
    });
    const after = await resume(run.id);
    expect(after).toMatchObject({ status: "failed", stopReason: "unknown_outcome" });
    expect(after?.error).toMatch(/update_ticket/);
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1004")));
    expect(ticket?.status).not.toBe("closed");
  });
});
