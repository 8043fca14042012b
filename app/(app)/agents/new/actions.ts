"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createAgent } from "@/lib/agents/create-agent";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
import { type AgentFormState, agentFormDefinition, agentFormValues } from "../form-input";

/** Creates the agent the form describes and opens its page; a refused form keeps what was typed. */
export async function createAgentAction(_previous: AgentFormState, form: FormData): Promise<AgentFormState> {
  const values = { ...agentFormValues(form), name: formText(form, "name") };
  const copyOf = formText(form, "copyOf");
  // createAgent checks the scope again and validates every field.
  const result = await runAction(async () => {
    const agent = await createAgent(getDb(), await requireActor("agents:write"), {
      ...agentFormDefinition(values),
      name: values.name ?? "",
      ...(copyOf ? { copyOf } : {}),
    });
    return { id: agent.id, version: agent.version, changed: [] };
  });
  if (!result.ok) return { result, values };
  revalidatePath("/agents");
  redirect(`/agents/${result.data.id}?created=1`);
}
