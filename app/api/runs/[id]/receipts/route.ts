import { receiptLinks } from "@/lib/receipts/links";
import { sessionRun } from "@/lib/runs/run-route";

export const dynamic = "force-dynamic";

/** A run's receipts as its page shows them, for a page following the run live. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const found = await sessionRun((await context.params).id);
  if ("error" in found) return found.error;
  const { actor, db, run } = found;
  return Response.json({ receipts: await receiptLinks(db, actor, run.id) });
}
