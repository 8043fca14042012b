"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { type ActionResult, runAction } from "@/lib/http/server-action";
import { promoteRollout } from "@/lib/rollout/promote-rollout";
import { abandonRollout, setRollout } from "@/lib/rollout/rollout-settings";
import { requireActor } from "@/lib/sign-in/session";
import { ROLLOUT_FIELDS, type RolloutFormValues } from "./rollout-fields";

export type RolloutFormState = {
  result: ActionResult<{ candidateVersion: number; percent: number }>;
  /** What was submitted, so a rejected form keeps the person's figures. */
  values: RolloutFormValues;
} | null;

// An empty field is not a number: the schema's message for that field says what to give.
const numberOf = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));

export async function setRolloutAction(
  _previous: RolloutFormState,
  form: FormData,
): Promise<RolloutFormState> {
  const agentId = formText(form, "agentId");
  const values = Object.fromEntries(ROLLOUT_FIELDS.map((f) => [f, formText(form, f)])) as RolloutFormValues;
  // setRollout checks the scope again, validates with rolloutSettingsSchema and filters by tenant.
  const result = await runAction(async () => {
    const agent = await setRollout(getDb(), await requireActor("agents:write"), agentId, {
      candidateVersion: numberOf(values.candidateVersion),
      percent: numberOf(values.percent),
      shadowPercent: numberOf(values.shadowPercent),
      marginPct: numberOf(values.marginPct),
      windowMinutes: numberOf(values.windowMinutes),
      minRuns: numberOf(values.minRuns),
    });
    return { candidateVersion: agent.rollout?.candidateVersion ?? 0, percent: agent.rollout?.percent ?? 0 };
  });
  if (result.ok) revalidateAgent(agentId);
  return { result, values };
}

// Arguments of the actions below come from the browser: anything at all may arrive.
const agentIdInput = z.string({ error: "Name the agent by its id." }).max(100);
const versionInput = z.number({ error: "Versions are whole numbers." }).int().min(1);

export async function abandonRolloutAction(agentId: string) {
  const result = await runAction(async () => {
    const agent = await abandonRollout(
      getDb(),
      await requireActor("agents:write"),
      agentIdInput.parse(agentId),
    );
    return { state: agent.rollout?.state ?? null };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}

export async function promoteRolloutAction(agentId: string, expectedVersion: number) {
  const result = await runAction(async () => {
    const actor = await requireActor("agents:write");
    const agent = await promoteRollout(getDb(), actor, agentIdInput.parse(agentId), {
      expectedVersion: versionInput.parse(expectedVersion),
    });
    return { version: agent.version };
  });
  if (result.ok) revalidateAgent(agentId);
  return result;
}

function revalidateAgent(agentId: string) {
  revalidatePath("/agents");
  revalidatePath(`/agents/${agentId}`);
}
