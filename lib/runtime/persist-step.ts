import type postgres from "postgres";
import type { RunStatus, RunStep, StopReason, spans, ToolStepPayload } from "@/db/schema";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { ENGAGED_HOLD_OVER_RUN_SQL } from "@/lib/kill/coverage";
import { scheduleSeal } from "@/lib/receipts/seal";
import { otlpEnabled } from "@/lib/telemetry/otlp-export";
import { exportCommittedStep, exportEndedRun } from "@/lib/telemetry/run-spans";
import { runSpanId } from "@/lib/telemetry/spans";
import { LeaseLostError } from "./lease";
import { stepCommitter } from "./step-batch";

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
  /** A kill cut an in-flight model or tool call short: marked on the run span. */
  aborted?: boolean;
};

/** A run as the engine writes it: the fencing token guards each write; the model names its spans. */
type RunRef = { id: string; tenantId: string; fencingToken: number; traceId: string; model: string };

/** What the engine's writes need of a claimed run. */
export const runRef = (run: RunRef): RunRef => ({
  id: run.id,
  tenantId: run.tenantId,
  fencingToken: run.fencingToken,
  traceId: run.traceId,
  model: run.model,
});

export type StepCommit = {
  run: RunRef;
  step: Omit<RunStep, "runId" | "derivedSpans">;
  totals: RunTotalsDelta;
  /** Every span the step closes: those the step row gives back are not stored (see step-spans). */
  newSpans: SpanRow[];
  /** A stored turn span's end moves with every tool call of the turn (a derived one's is read so). */
  extendTurnSpan?: { spanId: string; end: Date };
  ending?: RunEnding;
  /** Settles the tenant's reservation for this model call to its real cost, with the step. */
  settle?: {
    day: string;
    reservedUsd: number;
    spentUsd: number;
    reservedTokens: number;
    spentTokens: number;
  };
};

// Parameters go in as text with explicit casts: the client is shared with Drizzle, which
// replaces postgres.js's own JSON and date serializers.

/**
 * Commits one step: the run's totals, the step row, its spans and the turn and run spans' ends, in
 * one statement shared with the steps other runs finish at the same moment (see step-batch). Live
 * readers are told after the commit (see step-notifier). The fencing token and the expected
 * sequence number make every part conditional: only the lease holder appends, and never the same
 * step twice. Returns how long the step waited for its commit.
 */
export async function commitStep(sql: postgres.Sql, commit: StepCommit): Promise<number> {
  const { run, step } = commit;
  const submitted = performance.now();
  if (!(await stepCommitter(sql).submit(commit))) throw new LeaseLostError(run.id);
  const waitedMs = performance.now() - submitted;
  stepNotifier(sql).announce(run.tenantId, run.id, step.seq);
  if (otlpEnabled()) exportCommittedStep(sql, commit);
  // The receipt is in with its content hash; it joins the tenant's chain shortly (debounced).
  if (step.kind === "tool") {
    const payload = step.payload as ToolStepPayload;
    if (payload.status === "ok" && payload.receipt) scheduleSeal(sql, run.tenantId);
  }
  return waitedMs;
}

/** Ends a run without a new step (model failure, budget, recovery): same fencing rules. */
export async function endRun(sql: postgres.Sql, run: RunRef, ending: RunEnding): Promise<void> {
  const rows = await sql`
    with r as (
      update runs set pending_tool_call = null ${endingAssignments(sql, ending)}
      where id = ${run.id} and fencing_token = ${run.fencingToken}
      returning id, last_seq
    ), run_span as (
      ${runSpanUpdate(sql, run.traceId, ending)}
    )
    select last_seq from r`;
  if (rows.length === 0) throw new LeaseLostError(run.id);
  stepNotifier(sql).announce(run.tenantId, run.id, Number(rows[0]?.last_seq ?? 0));
  if (otlpEnabled()) exportEndedRun(sql, run);
}

// A step leaves the lease alone (the executor's heartbeat renews it): the run row's update then
// touches no indexed column and stays a cheap heap-only update.
function endingAssignments(sql: postgres.Sql, ending: RunEnding | undefined) {
  if (!ending) return sql``;
  return sql`,
    lease_expires_at = null, lease_owner = null, ended_at = now(),
    status = ${ending.status}, stop_reason = ${ending.stopReason},
    output = ${ending.output ?? null}, error = ${ending.error ?? null}`;
}

function runSpanUpdate(sql: postgres.Sql, traceId: string, ending: RunEnding | undefined) {
  if (!ending) return sql`select 1`;
  const attributes = {
    "flightdeck.run.status": ending.status,
    "flightdeck.stop_reason": ending.stopReason,
    ...(ending.aborted ? { "flightdeck.aborted": true } : {}),
  };
  return sql`
    update spans set end_time = now(), status = ${ending.status === "succeeded" ? "ok" : "error"},
      attributes = attributes || ${JSON.stringify(attributes)}::jsonb
    where span_id = ${runSpanId(traceId)} and exists (select 1 from r)`;
}

/**
 * Holds a run at its step boundary (a paused agent, a frozen tenant): no process keeps it, nothing
 * ends, and the release queues it again to resume from its last committed step. Decided against the
 * switches as stored, not as this process last heard of them: a hold released meanwhile (the release
 * found the run still running) queues it again at once instead of leaving it paused for good.
 */
export async function holdRun(sql: postgres.Sql, run: RunRef): Promise<void> {
  const rows = await sql`
    update runs set lease_owner = null, lease_expires_at = null,
      status = (case when ${sql.unsafe(ENGAGED_HOLD_OVER_RUN_SQL)} then 'paused' else 'queued' end)::run_status
    where id = ${run.id} and fencing_token = ${run.fencingToken} and status = 'running'
    returning status, last_seq`;
  if (rows.length === 0) throw new LeaseLostError(run.id);
  if (rows[0]?.status === "queued") await sql`select pg_notify(${RUNS_CHANNEL}, ${run.id})`;
  stepNotifier(sql).announce(run.tenantId, run.id, Number(rows[0]?.last_seq ?? 0));
}
