import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { runSteps } from "@/db/schema";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { toStepView } from "@/lib/runs/live-view";
import { sessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

const seqSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** One step in full, for the run page of a very long run (which first receives only outlines). */
export async function GET(_request: Request, context: { params: Promise<{ id: string; seq: string }> }) {
  const { id, seq } = await context.params;
  const found = await sessionRun(id);
  if ("error" in found) return found.error;
  const { actor, db, run } = found;
  const parsed = seqSchema.safeParse(seq);
  if (!parsed.success)
    return errorResponse(new AppError("invalid_input", "The step number must be a positive integer."));
  const [step] = await db
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.seq, parsed.data)));
  if (!step) return errorResponse(new AppError("not_found", `The run has no step ${parsed.data}.`));
  return Response.json(toStepView(step, !can(actor, "payloads:read")));
}
