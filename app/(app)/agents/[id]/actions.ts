"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { archiveAgent, unarchiveAgent } from "@/lib/agents/archive-agent";
import { restoreVersion } from "@/lib/agents/restore-version";
import { updateAgent } from "@/lib/agents/update-agent";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
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

// Arguments of the actions below come from the browser: anything at all may arrive.
const agentIdInput = z.string({ error: "Name the agent by its id." }).max(100);
const versionInput = z.number({ error: "Versions are whole numbers." }).int().min(1);

function revalidateAgent(agentId: string) {
  revalidatePath("/agents");
  revalidatePath(`/agents/${agentId}`);
}

export async function archiveAgentAction(agentId: string, archive: boolean) {
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const id = agentIdInput.parse(agentId);
    const agent = await (archive ? archiveAgent : unarchiveAgent)(getDb(), actor, id);
    return { archived: agent.archivedAt !== null };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}

export async function restoreAgentVersionAction(agentId: string, version: number, expectedVersion: number) {
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const { agent } = await restoreVersion(getDb(), actor, agentIdInput.parse(agentId), {
      version: versionInput.parse(version),
      expectedVersion: versionInput.parse(expectedVersion),
    });
    return { version: agent.version };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}
