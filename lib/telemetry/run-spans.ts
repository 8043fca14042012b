import type postgres from "postgres";
import { exportLater, exportSpans } from "./otlp-export";
import type { SpanRow } from "./readable-span";
import { runSpanId, turnSpanId } from "./spans";

type CommittedStep = {
  run: { id: string; traceId: string };
  step: { turn: number; kind: "model" | "tool" };
  newSpans: SpanRow[];
  ending?: unknown;
};

/**
 * Each span is exported once, when final: a model or tool call's span at its commit; a turn's span
 * (extended by each tool call) when the next turn starts or the run ends; the run's span at its end.
 * Call after the step is committed, only when otlpEnabled().
 */
export function exportCommittedStep(sql: postgres.Sql, commit: CommittedStep): void {
  exportSpans(commit.newSpans.filter((span) => span.seq != null));
  const { id: runId, traceId } = commit.run;
  const { turn, kind } = commit.step;
  const closedTurn = kind === "model" && turn > 1 ? turnSpanId(traceId, turn - 1) : null;
  if (closedTurn || commit.ending)
    exportLater(traceId, () => readClosedSpans(sql, { runId, traceId }, closedTurn, Boolean(commit.ending)));
}

/** A run ended without a step (failure, budget, recovery): its last turn and its root span are final. */
export function exportEndedRun(sql: postgres.Sql, run: { id: string; traceId: string }): void {
  exportLater(run.traceId, () => readClosedSpans(sql, { runId: run.id, traceId: run.traceId }, null, true));
}

type Row = Omit<SpanRow, "startTime" | "endTime"> & { startMs: number; endMs: number | null };

// Times come back as epoch milliseconds: the shared client leaves timestamps as Postgres text.
async function readClosedSpans(
  sql: postgres.Sql,
  { runId, traceId }: { runId: string; traceId: string },
  closedTurn: string | null,
  runEnded: boolean,
): Promise<SpanRow[]> {
  const root = runSpanId(traceId);
  const rows = await sql<Row[]>`
    select span_id as "spanId", trace_id as "traceId", parent_span_id as "parentSpanId", run_id as "runId",
      tenant_id as "tenantId", name, seq, status, attributes,
      (extract(epoch from start_time) * 1000)::float8 as "startMs",
      (extract(epoch from end_time) * 1000)::float8 as "endMs"
    from spans
    where span_id in (${closedTurn}::text, ${runEnded ? root : null}::text, (
      select span_id from spans
      where ${runEnded}::boolean and run_id = ${runId}::uuid and parent_span_id = ${root}
      order by (attributes->>'flightdeck.turn')::int desc limit 1))
    order by parent_span_id is null, start_time`;
  return rows.map(({ startMs, endMs, ...row }) => ({
    ...row,
    startTime: new Date(startMs),
    endTime: endMs === null ? null : new Date(endMs),
  }));
}
