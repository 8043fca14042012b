import { z } from "zod";
import { AppError } from "@/lib/errors";
import { withSessionRun } from "@/lib/runs/run-route";
import { getOutlinePage } from "@/lib/runs/trace-outline";

export const dynamic = "force-dynamic";

const position = z.coerce.number().int().min(0).max(2_147_483_647).optional();
const querySchema = z.object({ spans_offset: position, steps_after: position });

/**
 * The next page of a long run's outlines, for its run page: spans from `spans_offset` (in start
 * order) and steps after seq `steps_after`; a part left out of the query is not read.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  return withSessionRun((await context.params).id, async ({ actor, db, run }) => {
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("invalid_input", "spans_offset and steps_after must be whole numbers of 0 or more.");
    const page = await getOutlinePage(db, actor, run.id, {
      spansOffset: query.data.spans_offset,
      stepsAfter: query.data.steps_after,
    });
    return Response.json(page);
  });
}
