import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type RunStatus, type RunStep, runSteps, runs, type StopReason, spans } from "@/db/schema";
import { LeaseLostError, STEPS_CHANNEL } from "./lease";

type SpanRow = typeof spans.$inferInsert;

export type RunTotalsDelta = {
  modelCalls?: number;
  toolCalls?: number;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  /** null marks the run unpriced for good. */
  costUsd?: number | null;
};

export type RunEnding = {
  status: RunStatus;
  stopReason: StopReason;
  output?: string | null;
  error?: string | null;
};

export type StepCommit = {
  run: { id: string; tenantId: string; fencingToken: number; traceId: string };
  step: Omit<RunStep, "runId">;
  totals: RunTotalsDelta;
  newSpans: SpanRow[];
  /** The turn span's end moves with every tool call of the turn. */
  extendTurnSpan?: { spanId: string; end: Date };
  ending?: RunEnding;
  leaseSeconds: number;
};

/**
 * Commits one step in one transaction: the step row, its spans, the run's totals and lease, and a
 * NOTIFY for live readers. The fencing token and the expected sequence number guarantee that only
 * the lease holder appends, and never the same step twice.
 */
export async function commitStep(db: Db, commit: StepCommit): Promise<void> {
  const { run, step, totals, ending } = commit;
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(runs)
      .set({
        lastSeq: step.seq,
        modelCalls: sql`${runs.modelCalls} + ${totals.modelCalls ?? 0}`,
        toolCalls: sql`${runs.toolCalls} + ${totals.toolCalls ?? 0}`,
        inputTokens: sql`${runs.inputTokens} + ${totals.inputTokens ?? 0}`,
        cachedInputTokens: sql`${runs.cachedInputTokens} + ${totals.cachedInputTokens ?? 0}`,
        outputTokens: sql`${runs.outputTokens} + ${totals.outputTokens ?? 0}`,
        reasoningTokens: sql`${runs.reasoningTokens} + ${totals.reasoningTokens ?? 0}`,
        costUsd: totals.costUsd === null ? null : sql`${runs.costUsd} + ${totals.costUsd ?? 0}`,
        pendingToolCall: null,
        leaseExpiresAt: ending ? null : sql`now() + make_interval(secs => ${commit.leaseSeconds})`,
        ...(ending ? endingColumns(ending) : {}),
      })
      .where(
        and(eq(runs.id, run.id), eq(runs.fencingToken, run.fencingToken), eq(runs.lastSeq, step.seq - 1)),
      )
      .returning({ id: runs.id });
    if (updated.length === 0) throw new LeaseLostError(run.id);
    await tx.insert(runSteps).values({ ...step, runId: run.id });
    if (commit.newSpans.length > 0) await tx.insert(spans).values(commit.newSpans);
    if (commit.extendTurnSpan) {
      await tx
        .update(spans)
        .set({ endTime: commit.extendTurnSpan.end })
        .where(eq(spans.spanId, commit.extendTurnSpan.spanId));
    }
    if (ending) await closeRunSpan(tx, run.traceId, ending);
    await tx.execute(sql`select pg_notify(${STEPS_CHANNEL}, ${`${run.tenantId}:${run.id}:${step.seq}`})`);
  });
}

/** Ends a run without a new step (model failure, budget, recovery): same fencing rules. */
export async function endRun(
  db: Db,
  run: { id: string; tenantId: string; fencingToken: number; traceId: string },
  ending: RunEnding,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(runs)
      .set({ ...endingColumns(ending), leaseExpiresAt: null, pendingToolCall: null })
      .where(and(eq(runs.id, run.id), eq(runs.fencingToken, run.fencingToken)))
      .returning({ lastSeq: runs.lastSeq });
    if (updated.length === 0) throw new LeaseLostError(run.id);
    await closeRunSpan(tx, run.traceId, ending);
    await tx.execute(
      sql`select pg_notify(${STEPS_CHANNEL}, ${`${run.tenantId}:${run.id}:${updated[0]?.lastSeq ?? 0}`})`,
    );
  });
}

const endingColumns = (ending: RunEnding) => ({
  status: ending.status,
  stopReason: ending.stopReason,
  output: ending.output ?? null,
  error: ending.error ?? null,
  endedAt: new Date(),
  leaseOwner: null,
});

async function closeRunSpan(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  traceId: string,
  ending: RunEnding,
) {
  await tx
    .update(spans)
    .set({
      endTime: new Date(),
      status: ending.status === "succeeded" ? "ok" : "error",
      attributes: sql`${spans.attributes} || ${JSON.stringify({ "flightdeck.run.status": ending.status, "flightdeck.stop_reason": ending.stopReason })}::jsonb`,
    })
    .where(and(eq(spans.traceId, traceId), sql`${spans.parentSpanId} is null`));
}
