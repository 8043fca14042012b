"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { updateAgent } from "@/lib/agents/update-agent";
import { requireActor } from "@/lib/auth/session";
import { formText, formTexts } from "@/lib/http/form-input";
import { type ActionResult, runAction } from "@/lib/http/server-action";

export type AgentFormValues = {
  description: string;
  model: string;
  fallbackModel: string;
  instructions: string;
  tools: string[];
  requiredEvidence: string[];
  onReject: string;
  mode: string;
  maxSteps: string;
  maxSeconds: string;
  maxToolCalls: string;
  maxTokens: string;
  maxCostUsd: string;
};
export type AgentFormState = {
  result: ActionResult<{ version: number; changed: string[] }>;
  /** What was submitted, so a rejected form keeps the person's edits. */
  values: AgentFormValues;
} | null;

const text = formText;
const number = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
// An empty budget field means no limit.
const limit = (value: string) => (value.trim() === "" ? null : Number(value));

export async function updateAgentAction(_previous: AgentFormState, form: FormData): Promise<AgentFormState> {
  const agentId = text(form, "agentId");
  const values: AgentFormValues = {
    description: text(form, "description"),
    model: text(form, "model"),
    fallbackModel: text(form, "fallbackModel"),
    instructions: text(form, "instructions"),
    tools: formTexts(form, "tools"),
    requiredEvidence: formTexts(form, "requiredEvidence"),
    onReject: text(form, "onReject"),
    mode: text(form, "mode"),
    maxSteps: text(form, "maxSteps"),
    maxSeconds: text(form, "maxSeconds"),
    maxToolCalls: text(form, "maxToolCalls"),
    maxTokens: text(form, "maxTokens"),
    maxCostUsd: text(form, "maxCostUsd"),
  };
  // updateAgent checks the scope again, validates with updateAgentSchema and filters by tenant.
  const result = await runAction(async () => {
    const { agent, changed } = await updateAgent(getDb(), await requireActor("agents:write"), agentId, {
      ...values,
      expectedVersion: number(text(form, "expectedVersion")),
      // An empty fallback field means no fallback.
      fallbackModel: values.fallbackModel.trim() === "" ? null : values.fallbackModel,
      onReject: values.onReject as "continue" | "end",
      dryRun: values.mode === "dry_run" ? true : values.mode === "live" ? false : undefined,
      maxSteps: number(values.maxSteps),
      maxSeconds: number(values.maxSeconds),
      maxToolCalls: limit(values.maxToolCalls),
      maxTokens: limit(values.maxTokens),
      maxCostUsd: limit(values.maxCostUsd),
    });
    return { version: agent.version, changed };
  });
  if (result.ok) {
    revalidatePath("/agents");
    revalidatePath(`/agents/${agentId}`);
  }
  return { result, values };
}
