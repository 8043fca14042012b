import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  approvals,
  type ModelStepPayload,
  type Run,
  receipts,
  runSteps,
  runs,
  spans,
  type ToolStepPayload,
} from "@/db/schema";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { receiptOf } from "@/lib/receipts/canonical";
import { scheduleSeal } from "@/lib/receipts/seal";
import type { RunEnding } from "@/lib/runtime/persist-step";
import { isInvalidCall, isSecurityAttempt } from "@/lib/runtime/security-attempts";
import { runSpanId } from "@/lib/telemetry/spans";
import { isUuid, noSuchRun, rememberStep } from "./gate-run";

type SpanRow = typeof spans.$inferInsert;

/** A step of a gate run: what the agent reported (a model call's usage, a tool call's result) or a refusal. */
export type GateStep = {
  kind: "model" | "tool";
  payload: ModelStepPayload | ToolStepPayload;
  costUsd: number | null;
  /** Tokens of a model step; the cost is null when its model has no price. */
  usage?: ModelStepPayload["usage"];
  startedAt: Date;
  endedAt: Date;
  /** Built with the step's sequence number. */
  spans: (seq: number) => SpanRow[];
  ending?: RunEnding;
};

/** What a transaction on a gate run did, told to readers once it committed. */
export type GateWork = {
  tenantId: string;
  runId: string;
  seq: number;
  receipts: boolean;
  approvals: boolean;
  /** The steps appended, remembered once they are committed. */
  appended: { seq: number; tool: ToolStepPayload | null }[];
};

/**
 * Runs `work` on the tenant's gate run with the run's row locked: calls, results and usage of one
 * run are applied one at a time, so step numbers, budgets and the run's end never race.
 */
export async function withGateRun<T>(
  db: Db,
  tenantId: string,
  runId: string,
  work: (tx: Tx, run: Run, done: GateWork) => Promise<T>,
): Promise<T> {
  if (!isUuid(runId)) throw noSuchRun();
  const done: GateWork = { tenantId, runId, seq: 0, receipts: false, approvals: false, appended: [] };
  const result = await db.transaction(async (tx) => {
    const [run] = await tx
      .select()
      .from(runs)
      .where(and(eq(runs.id, runId), eq(runs.tenantId, tenantId), eq(runs.source, "gate")))
      .for("update");
    if (!run) throw noSuchRun();
    done.seq = run.lastSeq;
    return work(tx, run, done);
  });
  for (const step of done.appended) rememberStep(runId, step.seq, step.tool);
  if (done.approvals) await announceApprovals(db.$client, tenantId);
  stepNotifier(db.$client).announce(done.tenantId, done.runId, done.seq);
  if (done.receipts) scheduleSeal(db.$client, tenantId);
  return result;
}

/** Appends a step to the locked run: its row, spans, receipt and the run's totals (and end). */
export async function appendGateStep(tx: Tx, run: Run, step: GateStep, done: GateWork): Promise<number> {
  const seq = run.lastSeq + 1;
  const turn = run.modelCalls;
  // The writes go out together (postgres.js pipelines them on the transaction's connection): one
  // round trip instead of four. A failure aborts the transaction, and the rest fail with it.
  const stepRow = tx.insert(runSteps).values({
    runId: run.id,
    seq,
    turn,
    kind: step.kind,
    payload: step.payload,
    costUsd: step.costUsd,
    startedAt: step.startedAt,
    endedAt: step.endedAt,
  });
  const rows = step.spans(seq);
  const spanRows = rows.length > 0 ? tx.insert(spans).values(rows) : null;
  const tool = step.kind === "tool" ? (step.payload as ToolStepPayload) : null;
  const receipt = tool
    ? receiptOf({
        tenantId: run.tenantId,
        runId: run.id,
        seq,
        payload: tool,
        startedAt: step.startedAt,
        endedAt: step.endedAt,
      })
    : null;
  const receiptRow =
    tool && receipt
      ? tx.insert(receipts).values({
          tenantId: run.tenantId,
          runId: run.id,
          seq,
          tool: tool.toolName,
          idempotencyKey: tool.idempotencyKey,
          content: receipt.content,
          contentHash: receipt.contentHash,
          kind: "action",
          risk: tool.risk ?? null,
        })
      : null;
  if (receiptRow) done.receipts = true;
  const usage = step.usage;
  const runRow = tx
    .update(runs)
    .set({
      lastSeq: seq,
      modelCalls: step.kind === "model" ? sql`${runs.modelCalls} + 1` : undefined,
      toolCalls: step.kind === "tool" ? sql`${runs.toolCalls} + 1` : undefined,
      inputTokens: usage ? sql`${runs.inputTokens} + ${usage.inputTokens}` : undefined,
      cachedInputTokens: usage ? sql`${runs.cachedInputTokens} + ${usage.cachedInputTokens}` : undefined,
      outputTokens: usage ? sql`${runs.outputTokens} + ${usage.outputTokens}` : undefined,
      reasoningTokens: usage ? sql`${runs.reasoningTokens} + ${usage.reasoningTokens}` : undefined,
      costUsd:
        step.kind !== "model"
          ? undefined
          : step.costUsd === null
            ? null
            : sql`${runs.costUsd} + ${step.costUsd}`,
      securityAttempts:
        tool && isSecurityAttempt(tool.status) ? sql`${runs.securityAttempts} + 1` : undefined,
      invalidCalls: tool && isInvalidCall(tool.status) ? sql`${runs.invalidCalls} + 1` : undefined,
    })
    .where(eq(runs.id, run.id))
    .returning();
  const [, , , [updated]] = await Promise.all([stepRow, spanRows, receiptRow, runRow]);
  if (!updated) throw new Error(`Run ${run.id} disappeared under its lock.`);
  Object.assign(run, updated);
  done.seq = seq;
  done.appended.push({ seq, tool });
  if (step.ending) await endGateRun(tx, run, step.ending, done);
  return seq;
}

/** Ends the locked run: status, reason, answer or error, and its root span. */
export async function endGateRun(tx: Tx, run: Run, ending: RunEnding, work?: GateWork): Promise<void> {
  const [updated] = await tx
    .update(runs)
    .set({
      status: ending.status,
      stopReason: ending.stopReason,
      output: ending.output ?? null,
      error: ending.error ?? null,
      endedAt: sql`now()`,
    })
    .where(eq(runs.id, run.id))
    .returning();
  if (updated) Object.assign(run, updated);
  // A call still waiting for a person cannot be made any more: its request leaves the inbox.
  const cancelled = await tx
    .update(approvals)
    .set({ status: "cancelled", decidedAt: sql`now()`, comment: `The run ended (${ending.stopReason}).` })
    .where(and(eq(approvals.runId, run.id), eq(approvals.status, "pending")))
    .returning({ id: approvals.id });
  if (cancelled.length > 0 && work) work.approvals = true;
  await tx
    .update(spans)
    .set({
      endTime: sql`now()`,
      status: ending.status === "succeeded" ? "ok" : "error",
      attributes: sql`${spans.attributes} || ${JSON.stringify({
        "flightdeck.run.status": ending.status,
        "flightdeck.stop_reason": ending.stopReason,
      })}::jsonb`,
    })
    .where(eq(spans.spanId, runSpanId(run.traceId)));
}
