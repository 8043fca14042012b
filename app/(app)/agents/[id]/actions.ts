"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { archiveAgent, unarchiveAgent } from "@/lib/agents/archive-agent";
import { restoreVersion } from "@/lib/agents/restore-version";
import { updateAgent } from "@/lib/agents/update-agent";
import { requireActor } from "@/lib/auth/session";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { type AgentFormState, agentFormDefinition, agentFormValues, formNumber } from "../form-input";

export async function updateAgentAction(_previous: AgentFormState, form: FormData): Promise<AgentFormState> {
  const agentId = formText(form, "agentId");
  const values = agentFormValues(form);
  // updateAgent checks the scope again, validates with updateAgentSchema and filters by tenant.
  const result = await runAction(async () => {
    const { agent, changed } = await updateAgent(getDb(), await requireActor("agents:write"), agentId, {
      ...agentFormDefinition(values),
      expectedVersion: formNumber(form, "expectedVersion"),
    });
    return { version: agent.version, changed };
  });
  if (result.ok) {
    revalidateAgent(agentId);
  }
  return { result, values };
}

function revalidateAgent(agentId: string) {
  revalidatePath("/agents");
  revalidatePath(`/agents/${agentId}`);
}

export async function archiveAgentAction(agentId: string, archive: boolean) {
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const agent = await (archive ? archiveAgent : unarchiveAgent)(getDb(), actor, String(agentId));
    return { archived: agent.archivedAt !== null };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}

export async function restoreAgentVersionAction(agentId: string, version: number, expectedVersion: number) {
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const { agent } = await restoreVersion(getDb(), actor, String(agentId), {
      version: Number(version),
      expectedVersion: Number(expectedVersion),
    });
    return { version: agent.version };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}
