"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { setReadinessGate } from "@/lib/agents/readiness";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

/** The agent page's readiness gate: a suite name sets it, none removes it. The use case checks and audits. */
export async function setReadinessGateAction(_previous: unknown, form: FormData) {
  const agentId = formText(form, "agentId");
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const suite = formText(form, "suite").trim();
    const readiness = await setReadinessGate(getDb(), actor, agentId, suite || null);
    return { suite: readiness?.suite.name ?? null };
  });
  if (result.ok) revalidatePath(`/agents/${agentId}`);
  return result;
}
