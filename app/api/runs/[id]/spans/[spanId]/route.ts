import { can } from "@/lib/auth/actor";
import { toSpanView } from "@/lib/runs/live-view";
import { getRunSpan } from "@/lib/runs/run-parts";
import { withSessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** One span with all its attributes, for the run page of a very long trace (sent as outlines). */
export async function GET(_request: Request, context: { params: Promise<{ id: string; spanId: string }> }) {
  const { id, spanId } = await context.params;
  return withSessionRun(id, async ({ actor, db, run }) =>
    Response.json(toSpanView(await getRunSpan(db, run, spanId), !can(actor, "payloads:read"))),
  );
}
