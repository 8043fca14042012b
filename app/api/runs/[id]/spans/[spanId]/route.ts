import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { spans } from "@/db/schema";
import { can } from "@/lib/auth/actor";
import { currentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { findRun } from "@/lib/runs/live";
import { toSpanView } from "@/lib/runs/live-view";

export const dynamic = "force-dynamic";

/** One span with all its attributes, for the run page of a very long trace (sent as outlines). */
export async function GET(_request: Request, context: { params: Promise<{ id: string; spanId: string }> }) {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to read this run."));
  const { actor } = session;
  if (!can(actor, "runs:read"))
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read runs.`));
  const { id, spanId } = await context.params;
  if (!/^[0-9a-f]{16}$/.test(spanId)) return errorResponse(new AppError("not_found", "No such span."));
  const db = getDb();
  const run = await findRun(db, actor, id);
  if (!run) return errorResponse(new AppError("not_found", "No run with that id in this tenant."));
  const [span] = await db
    .select()
    .from(spans)
    .where(and(eq(spans.spanId, spanId), eq(spans.runId, run.id)));
  if (!span) return errorResponse(new AppError("not_found", "No such span in this run."));
  return Response.json(toSpanView(span));
}
