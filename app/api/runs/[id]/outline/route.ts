import { z } from "zod";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { currentSession } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { findRun } from "@/lib/runs/live";
import { getOutlinePage } from "@/lib/runs/trace-outline";

export const dynamic = "force-dynamic";

const position = z.coerce.number().int().min(0).max(2_147_483_647).optional();
const querySchema = z.object({ spans_offset: position, steps_after: position });

/**
 * The next page of a long run's outlines, for its run page: spans from `spans_offset` (in start
 * order) and steps after seq `steps_after`; a part left out of the query is not read.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const session = await currentSession();
  if (!session) return errorResponse(new AppError("unauthenticated", "Sign in to read this run."));
  const { actor } = session;
  if (!can(actor, "runs:read"))
    return errorResponse(new AppError("forbidden", `Your role (${actor.role}) cannot read runs.`));
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success)
    return errorResponse(
      new AppError("invalid_input", "spans_offset and steps_after must be whole numbers of 0 or more."),
    );
  const { id } = await context.params;
  const db = getDb();
  const run = await findRun(db, actor, id);
  if (!run) return errorResponse(new AppError("not_found", "No run with that id in this tenant."));
  const page = await getOutlinePage(db, actor, run.id, {
    spansOffset: query.data.spans_offset,
    stepsAfter: query.data.steps_after,
  });
  return Response.json(page);
}
