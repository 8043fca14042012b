"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { type ActionResult, runAction } from "@/lib/http/server-action";
import { markRevertedManually, undoReceipt } from "@/lib/receipts/undo";
import { requireActor } from "@/lib/sign-in/session";

export type RevertState = ActionResult<{ revertId: number }> | null;

const text = formText;

async function revert(form: FormData, work: (receiptId: string) => Promise<{ revert: { id: number } }>) {
  const result = await runAction(async () => ({ revertId: (await work(text(form, "receiptId"))).revert.id }));
  // The run page's receipts, the agent's and the dashboards' undo rates change.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Undo with a reason; the use case checks the scope, the tenant and whether it can be undone. */
export async function undoReceiptAction(_previous: RevertState, form: FormData): Promise<RevertState> {
  return revert(form, async (id) =>
    undoReceipt(getDb(), await requireActor("receipts:undo"), id, { reason: text(form, "reason") }),
  );
}

/** Mark reverted manually with a note, for actions without an undo or whose undo was refused. */
export async function markRevertedAction(_previous: RevertState, form: FormData): Promise<RevertState> {
  return revert(form, async (id) =>
    markRevertedManually(getDb(), await requireActor("receipts:undo"), id, { note: text(form, "note") }),
  );
}
