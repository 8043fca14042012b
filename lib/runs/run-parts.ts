import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type Run, type RunStep, runSteps, type Span } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { readTraceSpan } from "@/lib/telemetry/trace-spans";

// An observed span is stored under its trace's id too (see lib/otlp/ingest.ts).
const SPAN_ID = /^(?:[0-9a-f]{32})?[0-9a-f]{16}$/;
const seqSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/**
 * One span of a run the caller may already read, for the run page of a very long trace (which
 * first receives outlines). Throws not_found for a malformed id or a span of another run.
 */
export async function getRunSpan(db: DbOrTx, run: Run, spanId: string): Promise<Span> {
  if (!SPAN_ID.test(spanId)) throw new AppError("not_found", "No such span.");
  const span = await readTraceSpan(db, run, spanId);
  if (!span) throw new AppError("not_found", "No such span in this run.");
  return span;
}

/** One step of a run the caller may already read, by its number (a string from the URL). */
export async function getRunStep(db: DbOrTx, run: Run, seq: string): Promise<RunStep> {
  const parsed = seqSchema.safeParse(seq);
  if (!parsed.success) throw new AppError("invalid_input", "The step number must be a positive integer.");
  const [step] = await db
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.seq, parsed.data)));
  if (!step) throw new AppError("not_found", `The run has no step ${parsed.data}.`);
  return step;
}
