import { can } from "@/lib/auth/actor";
import { toStepView } from "@/lib/runs/live-view";
import { getRunStep } from "@/lib/runs/run-parts";
import { withSessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** One step in full, for the run page of a very long run (which first receives only outlines). */
export async function GET(_request: Request, context: { params: Promise<{ id: string; seq: string }> }) {
  const { id, seq } = await context.params;
  return withSessionRun(id, async ({ actor, db, run }) =>
    Response.json(toStepView(await getRunStep(db, run, seq), !can(actor, "payloads:read"))),
  );
}
