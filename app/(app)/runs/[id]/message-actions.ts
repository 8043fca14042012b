"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { sendRunMessage } from "@/lib/runs/send-run-message";
import { requireActor } from "@/lib/sign-in/session";

/** The run page's "Send the agent a message" form: the use case checks the scope, the run and the text. */
export async function sendRunMessageAction(_previous: unknown, form: FormData) {
  const runId = formText(form, "runId");
  const result = await runAction(async () => {
    const actor = await requireActor("runs:steer");
    const sent = await sendRunMessage(getDb(), actor, runId, { message: formText(form, "message") });
    return { id: sent.id };
  });
  if (result.ok) revalidatePath(`/runs/${runId}`);
  return result;
}
