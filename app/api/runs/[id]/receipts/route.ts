import { receiptLinks } from "@/lib/receipts/links";
import { withSessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** A run's receipts as its page shows them, for a page following the run live. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  return withSessionRun((await context.params).id, async ({ actor, db, run }) =>
    Response.json({ receipts: await receiptLinks(db, actor, run.id) }),
  );
}
