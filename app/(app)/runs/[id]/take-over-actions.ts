"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { finishRunByHand } from "@/lib/runs/finish-run-by-hand";
import { requireActor } from "@/lib/sign-in/session";

/** "Finish by hand" on a run the operator took over: the use case checks the scope, the hold and the text. */
export async function finishRunByHandAction(_previous: unknown, form: FormData) {
  const runId = formText(form, "runId");
  const result = await runAction(async () => {
    const actor = await requireActor("runs:steer");
    const finished = await finishRunByHand(getDb(), actor, runId, {
      outcome: formText(form, "outcome") as "succeeded" | "failed",
      note: formText(form, "note"),
    });
    return { status: finished.status };
  });
  if (result.ok) revalidatePath(`/runs/${runId}`);
  return result;
}
