import { and, asc, eq, gte, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { runSteps, type Span, spans } from "@/db/schema";
import { derivedSpans, normalized, type StepForSpans, type TraceRun } from "./step-spans";

/**
 * A run's trace as readers see it: its stored spans and those its steps give back
 * (lib/telemetry/step-spans.ts), in one order — start time, then step, then id.
 */

// What building a step's spans reads of its payload: not the texts, arguments and results.
const spanFields = sql<
  StepForSpans["payload"]
>`${runSteps.payload} - '{text,toolCalls,args,result,receipt,operatorMessages}'::text[]`;

async function stepsGivingSpans(db: DbOrTx, runId: string, where?: SQL) {
  return db
    .select({
      seq: runSteps.seq,
      turn: runSteps.turn,
      kind: runSteps.kind,
      payload: spanFields,
      startedAt: runSteps.startedAt,
      endedAt: runSteps.endedAt,
      derivedSpans: runSteps.derivedSpans,
    })
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), where))
    .orderBy(asc(runSteps.seq));
}

function inTraceOrder(a: Span, b: Span): number {
  const byStart = a.startTime.getTime() - b.startTime.getTime();
  if (byStart !== 0) return byStart;
  // As PostgreSQL sorts: a span without a step after those with one.
  if (a.seq !== b.seq) return a.seq === null ? 1 : b.seq === null ? -1 : a.seq - b.seq;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

const storedOrder = [asc(spans.startTime), asc(spans.seq), asc(spans.spanId)];

/** The run's spans in trace order; `page` reads a slice of that order (a long trace loads in pages). */
export async function readTraceSpans(
  db: DbOrTx,
  run: TraceRun,
  page?: { offset: number; limit: number },
): Promise<Span[]> {
  const steps = await stepsGivingSpans(db, run.id, ne(runSteps.derivedSpans, 0));
  const stored = db
    .select()
    .from(spans)
    .where(eq(spans.runId, run.id))
    .orderBy(...storedOrder);
  // A trace written before steps gave back their spans is paged by the database.
  if (steps.length === 0) return page ? stored.offset(page.offset).limit(page.limit) : stored;
  const all = [...(await stored), ...derivedSpans(run, steps).map(normalized)].sort(inTraceOrder);
  return page ? all.slice(page.offset, page.offset + page.limit) : all;
}

/**
 * The spans a live reader may not have in their current form: those still open or ended at or
 * after `since` (all of them when `since` is null). Spans only change by ending (a turn's ends with
 * its last step), so a reader that has the trace as of `since` misses nothing.
 */
export async function readTraceSpansChangedSince(
  db: DbOrTx,
  run: TraceRun,
  since: Date | null,
): Promise<Span[]> {
  if (since === null) return readTraceSpans(db, run);
  const [stored, steps] = await Promise.all([
    db
      .select()
      .from(spans)
      .where(and(eq(spans.runId, run.id), or(isNull(spans.endTime), gte(spans.endTime, since))))
      .orderBy(...storedOrder),
    // Whole turns, so a turn's span has its first step and its last.
    stepsGivingSpans(
      db,
      run.id,
      sql`${runSteps.turn} >= (select min(turn) from run_steps where run_id = ${run.id} and ended_at >= ${since.toISOString()})`,
    ),
  ]);
  const changed = derivedSpans(run, steps)
    .map(normalized)
    .filter((span) => span.endTime === null || span.endTime >= since);
  return [...stored, ...changed].sort(inTraceOrder);
}

/** How many spans the run's trace has, without building them. */
export async function countTraceSpans(db: DbOrTx, runId: string): Promise<number> {
  const [stored, derived] = await Promise.all([
    db.$count(spans, eq(spans.runId, runId)),
    db
      .select({
        n: sql<number>`coalesce(sum((${runSteps.derivedSpans} & 1) + (${runSteps.derivedSpans} >> 1 & 1) + (${runSteps.derivedSpans} >> 2 & 1)), 0)::int`,
      })
      .from(runSteps)
      .where(and(eq(runSteps.runId, runId), ne(runSteps.derivedSpans, 0))),
  ]);
  return stored + (derived[0]?.n ?? 0);
}

/**
 * One span of the run by id, or null. A derived span's id names its step or turn (see stepSpanId),
 * so only that step, or that turn's steps, are read.
 */
export async function readTraceSpan(db: DbOrTx, run: TraceRun, spanId: string): Promise<Span | null> {
  const [stored] = await db
    .select()
    .from(spans)
    .where(and(eq(spans.spanId, spanId), eq(spans.runId, run.id)));
  if (stored) return stored;
  if (!/^[0-9a-f]{16}$/.test(spanId) || !/^[0-9a-f]{32}$/.test(run.traceId)) return null;
  const bits = BigInt(`0x${spanId}`) ^ BigInt(`0x${run.traceId.slice(16)}`);
  const where =
    bits < 1n << 32n
      ? eq(runSteps.turn, Number(bits))
      : bits >> 33n <= 2_147_483_647n
        ? eq(runSteps.seq, Number(bits >> 33n))
        : undefined;
  if (!where) return null;
  const steps = await stepsGivingSpans(db, run.id, where);
  const span = derivedSpans(run, steps).find((s) => s.spanId === spanId);
  return span ? normalized(span) : null;
}
