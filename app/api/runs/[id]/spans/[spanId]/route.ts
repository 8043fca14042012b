import { and, eq } from "drizzle-orm";
import { spans } from "@/db/schema";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { toSpanView } from "@/lib/runs/live-view";
import { sessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** One span with all its attributes, for the run page of a very long trace (sent as outlines). */
export async function GET(_request: Request, context: { params: Promise<{ id: string; spanId: string }> }) {
  const { id, spanId } = await context.params;
  const found = await sessionRun(id);
  if ("error" in found) return found.error;
  const { actor, db, run } = found;
  // An observed span is stored under its trace's id too (see lib/otlp/ingest.ts).
  if (!/^(?:[0-9a-f]{32})?[0-9a-f]{16}$/.test(spanId))
    return errorResponse(new AppError("not_found", "No such span."));
  const [span] = await db
    .select()
    .from(spans)
    .where(and(eq(spans.spanId, spanId), eq(spans.runId, run.id)));
  if (!span) return errorResponse(new AppError("not_found", "No such span in this run."));
  return Response.json(toSpanView(span, !can(actor, "payloads:read")));
}
