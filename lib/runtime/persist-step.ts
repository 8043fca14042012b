import type postgres from "postgres";
import type { RunStatus, RunStep, StopReason, spans } from "@/db/schema";
import { otlpEnabled } from "@/lib/telemetry/otlp-export";
import { exportCommittedStep, exportEndedRun } from "@/lib/telemetry/run-spans";
import { LeaseLostError } from "./lease";
import { runSpanId } from "./spans";
import { stepNotifier } from "./step-notifier";

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

type RunRef = { id: string; tenantId: string; fencingToken: number; traceId: string };

export type StepCommit = {
  run: RunRef;
  step: Omit<RunStep, "runId">;
  totals: RunTotalsDelta;
  newSpans: SpanRow[];
  /** The turn span's end moves with every tool call of the turn. */
  extendTurnSpan?: { spanId: string; end: Date };
  ending?: RunEnding;
};

// Parameters go in as text with explicit casts: the client is shared with Drizzle, which
// replaces postgres.js's own JSON and date serializers.

/**
 * Commits one step as ONE statement (so one implicit transaction and one round trip): the run's
 * totals, the step row, its spans and the turn and run spans' ends; live readers are told after
 * the commit (see step-notifier). The fencing token and the expected sequence number make every part conditional on the
 * run update: only the lease holder appends, and never the same step twice.
 */
export async function commitStep(sql: postgres.Sql, commit: StepCommit): Promise<void> {
  const { run, step, totals, ending } = commit;
  const spansJson = commit.newSpans.map((s) => ({
    span_id: s.spanId,
    trace_id: s.traceId,
    parent_span_id: s.parentSpanId ?? null,
    run_id: s.runId ?? null,
    tenant_id: s.tenantId,
    name: s.name,
    seq: s.seq ?? null,
    start_time: s.startTime.toISOString(),
    end_time: s.endTime?.toISOString() ?? null,
    status: s.status ?? "unset",
    attributes: s.attributes ?? {},
  }));
  const rows = await sql`
    with r as (
      update runs set
        last_seq = ${step.seq},
        model_calls = model_calls + ${totals.modelCalls ?? 0},
        tool_calls = tool_calls + ${totals.toolCalls ?? 0},
        input_tokens = input_tokens + ${totals.inputTokens ?? 0},
        cached_input_tokens = cached_input_tokens + ${totals.cachedInputTokens ?? 0},
        output_tokens = output_tokens + ${totals.outputTokens ?? 0},
        reasoning_tokens = reasoning_tokens + ${totals.reasoningTokens ?? 0},
        cost_usd = case when ${totals.costUsd === null} then null else cost_usd + ${totals.costUsd ?? 0} end,
        pending_tool_call = null
        ${endingAssignments(sql, ending)}
      where id = ${run.id} and fencing_token = ${run.fencingToken} and last_seq = ${step.seq - 1}
      returning id
    ), step as (
      insert into run_steps (run_id, seq, turn, kind, payload, cost_usd, started_at, ended_at)
      select id, ${step.seq}, ${step.turn}, ${step.kind}, ${JSON.stringify(step.payload)}::jsonb, ${step.costUsd}, ${step.startedAt.toISOString()}::timestamptz, ${step.endedAt.toISOString()}::timestamptz from r
    ), new_spans as (
      insert into spans (span_id, trace_id, parent_span_id, run_id, tenant_id, name, seq, start_time, end_time, status, attributes)
      select x.span_id, x.trace_id, x.parent_span_id, x.run_id, x.tenant_id, x.name, x.seq, x.start_time, x.end_time, x.status::span_status, x.attributes
      from r, jsonb_to_recordset(${JSON.stringify(spansJson)}::jsonb) as x(
        span_id text, trace_id text, parent_span_id text, run_id uuid, tenant_id uuid, name text, seq int,
        start_time timestamptz, end_time timestamptz, status text, attributes jsonb)
    ), turn_span as (
      update spans set end_time = ${commit.extendTurnSpan?.end.toISOString() ?? null}::timestamptz
      where span_id = ${commit.extendTurnSpan?.spanId ?? ""} and exists (select 1 from r)
    ), run_span as (
      ${runSpanUpdate(sql, run.traceId, ending)}
    )
    select id from r`;
  if (rows.length === 0) throw new LeaseLostError(run.id);
  stepNotifier(sql).announce(run.tenantId, run.id, step.seq);
  if (otlpEnabled()) exportCommittedStep(sql, commit);
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
