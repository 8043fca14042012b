"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { replayRun } from "@/lib/runs/replay-run";
import { requireActor } from "@/lib/sign-in/session";

/** A number field: empty is "not set"; anything else goes to the use case, which says what is wrong. */
const numberField = (form: FormData, name: string) => {
  const text = formText(form, name).trim();
  return text === "" ? undefined : Number(text);
};

/** The run page's "Replay…" form: the use case checks the scope, the run's tenant and every field. */
export async function replayRunAction(_previous: unknown, form: FormData) {
  const runId = formText(form, "runId");
  const result = await runAction(async () => {
    const actor = await requireActor("runs:start");
    const run = await replayRun(getDb(), actor, runId, {
      mode: formText(form, "mode") as "recorded",
      fromStep: numberField(form, "fromStep"),
      agentVersion: numberField(form, "agentVersion"),
      policyVersion: numberField(form, "policyVersion"),
      model: formText(form, "model"),
      instructions: formText(form, "instructions"),
    });
    return { id: run.id };
  });
  if (result.ok) revalidatePath(`/runs/${runId}`);
  return result;
}
