import type { ContextStrategy } from "@/db/schema";
import { formText, formTexts } from "@/lib/http/form-input";
import type { ActionResult } from "@/lib/http/server-action";
import { tagsFromText } from "@/lib/playbooks/limits";

export type AgentFormValues = {
  /** Only when creating: an agent's name never changes. */
  name?: string;
  description: string;
  model: string;
  fallbackModel: string;
  routerModel: string;
  instructions: string;
  tools: string[];
  requiredEvidence: string[];
  /** As typed: tags separated by commas or spaces. */
  tags: string;
  /** A registered workflow's name; empty: none. */
  workflow: string;
  onReject: string;
  contextStrategy: string;
  mode: string;
  maxSteps: string;
  maxSeconds: string;
  maxToolCalls: string;
  maxTokens: string;
  maxCostUsd: string;
  comment: string;
};
export type AgentFormState = {
  result: ActionResult<{ version: number; changed: string[] }>;
  /** What was submitted, so a rejected form keeps the person's edits. */
  values: AgentFormValues;
} | null;

const text = formText;
const number = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
export const formNumber = (form: FormData, name: string) => number(text(form, name));
// An empty budget field means no limit.
const limit = (value: string) => (value.trim() === "" ? null : Number(value));

/** The form's fields as typed, kept so a rejected form shows them again. */
export function agentFormValues(form: FormData): AgentFormValues {
  return {
    description: text(form, "description"),
    model: text(form, "model"),
    fallbackModel: text(form, "fallbackModel"),
    routerModel: text(form, "routerModel"),
    instructions: text(form, "instructions"),
    tools: formTexts(form, "tools"),
    requiredEvidence: formTexts(form, "requiredEvidence"),
    tags: text(form, "tags"),
    workflow: text(form, "workflow"),
    onReject: text(form, "onReject"),
    contextStrategy: text(form, "contextStrategy"),
    mode: text(form, "mode"),
    maxSteps: text(form, "maxSteps"),
    maxSeconds: text(form, "maxSeconds"),
    maxToolCalls: text(form, "maxToolCalls"),
    maxTokens: text(form, "maxTokens"),
    maxCostUsd: text(form, "maxCostUsd"),
    comment: text(form, "comment"),
  };
}

/** The definition the form describes, typed for the use cases (which validate it). */
export function agentFormDefinition(values: AgentFormValues) {
  return {
    ...values,
    // An empty fallback or router field means none.
    fallbackModel: values.fallbackModel.trim() === "" ? null : values.fallbackModel,
    routerModel: values.routerModel.trim() === "" ? null : values.routerModel,
    tags: tagsFromText(values.tags),
    workflow: values.workflow.trim() === "" ? null : values.workflow,
    onReject: values.onReject as "continue" | "end",
    // Checked against the list by the agent's schema, with a message naming the choices.
    contextStrategy: values.contextStrategy as ContextStrategy,
    dryRun: values.mode === "dry_run" ? true : values.mode === "live" ? false : undefined,
    maxSteps: number(values.maxSteps),
    maxSeconds: number(values.maxSeconds),
    maxToolCalls: limit(values.maxToolCalls),
    maxTokens: limit(values.maxTokens),
    maxCostUsd: limit(values.maxCostUsd),
  };
}
