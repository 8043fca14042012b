"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { setRunSummaries } from "@/lib/memory/run-summaries";
import { requireActor } from "@/lib/sign-in/session";

/** The Memory page's run summaries switch (a checked box: on). The use case checks and audits. */
export async function setRunSummariesAction(_previous: unknown, form: FormData) {
  const agentId = formText(form, "agentId");
  const result = await runAction(async () => {
    const actor = await requireActor("memory:write");
    const { on } = await setRunSummaries(getDb(), actor, agentId, formText(form, "runSummaries") === "on");
    return { on };
  });
  if (result.ok) revalidatePath(`/agents/${agentId}/memory`);
  return result;
}
