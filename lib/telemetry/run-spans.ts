import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { DbOrTx } from "@/db/client";
import * as schema from "@/db/schema";
import { exportLater, exportSpans } from "./otlp-export";
import type { SpanRow } from "./readable-span";
import { runSpanId, turnSpanId } from "./spans";
import type { TraceRun } from "./step-spans";
import { readTraceSpan } from "./trace-spans";

type CommittedStep = {
  run: TraceRun;
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
  const { turn, kind } = commit.step;
  const closedTurn = kind === "model" && turn > 1 ? turn - 1 : null;
  if (closedTurn || commit.ending)
    exportLater(commit.run.traceId, () =>
      readClosedSpans(sql, commit.run, closedTurn, Boolean(commit.ending)),
    );
}

/** A run ended without a step (failure, budget, recovery): its last turn and its root span are final. */
export function exportEndedRun(sql: postgres.Sql, run: TraceRun): void {
  exportLater(run.traceId, () => readClosedSpans(sql, run, null, true));
}

const drizzles = new WeakMap<postgres.Sql, DbOrTx>();
const drizzleOf = (sql: postgres.Sql): DbOrTx => {
  let db = drizzles.get(sql);
  if (!db) {
    db = drizzle(sql, { schema }) as DbOrTx;
    drizzles.set(sql, db);
  }
  return db;
};

/** The turn span a new turn closed and, when the run ended, its last turn's span and its root span. */
async function readClosedSpans(
  sql: postgres.Sql,
  run: TraceRun,
  closedTurn: number | null,
  runEnded: boolean,
): Promise<SpanRow[]> {
  const db = drizzleOf(sql);
  const [last] = runEnded
    ? await sql<
        { turn: number | null }[]
      >`select max(turn) as turn from run_steps where run_id = ${run.id}::uuid`
    : [];
  const turns = [...new Set([closedTurn, last?.turn ?? null])].filter((t): t is number => t !== null);
  const spans = await Promise.all([
    ...turns.map((turn) => readTraceSpan(db, run, turnSpanId(run.traceId, turn))),
    runEnded ? readTraceSpan(db, run, runSpanId(run.traceId)) : null,
  ]);
  return spans.filter((span): span is NonNullable<typeof span> => span !== null);
}
