import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { CONTEXT_STRATEGIES } from "@/db/schema";
import { MAX_COST_USD, MAX_SECONDS, MAX_STEPS, MAX_TOKENS, MAX_TOOL_CALLS } from "@/lib/budgets/run-limits";
import { AppError, isAppError } from "@/lib/errors";
import { parseModelName } from "@/lib/models/model-name";
import { agentTagsSchema } from "@/lib/playbooks/limits";
import { builtInTools, getTool } from "@/lib/tools/registry";
import { loadTenantTools, tenantToolList } from "@/lib/tools/tenant-tools";
import { toolsOf } from "@/lib/workflows/node-calls";
import { workflowNamed, workflowNames } from "@/lib/workflows/registry";

const modelName = z
  .string()
  .trim()
  .min(1, "Name the model as provider:model, e.g. sim:default.")
  .max(200)
  .transform((name, ctx) => {
    try {
      return parseModelName(name).full;
    } catch (error) {
      if (!isAppError(error)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });

const quoted = (names: string[]) => [...new Set(names)].map((n) => `"${n}"`).join(", ");

// Whether each tool is in the tenant's catalog is checked by assertToolsInCatalog (it needs the tenant).
const toolNames = z
  .array(z.string().trim().min(1).max(100))
  .min(1, "Give the agent at least one tool.")
  .superRefine((names, ctx) => {
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    if (twice.length > 0)
      ctx.addIssue({ code: "custom", message: `${quoted(twice)} listed more than once.` });
  });

/** Every field of an agent's definition, each with the message a person can act on. */
export const agentFieldsSchema = z.object({
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  model: modelName,
  /** null: no fallback. */
  fallbackModel: modelName.nullable(),
  /** Answers the simple turns (docs/agents.md, "Router model"); null: the model answers every turn. */
  routerModel: modelName.nullable(),
  instructions: z
    .string()
    // Browsers submit textarea line breaks as CRLF: without this every save would "change" them.
    .transform((text) => text.replace(/\r\n?/g, "\n"))
    .pipe(
      z
        .string()
        .refine((text) => text.trim().length > 0, "Write the agent's instructions.")
        .refine((text) => text.length <= 20_000, "Keep the instructions under 20,000 characters."),
    ),
  tools: toolNames,
  /** Tools of which a succeeding run must hold a receipt; a subset of the agent's tools. */
  requiredEvidence: z.array(z.string().trim().min(1).max(100)).max(50),
  /** Labels that attach playbooks: every playbook with one of them is added to the agent's system prompt. */
  tags: agentTagsSchema,
  /** A registered workflow (docs/workflows.md) the agent's runs follow in place of a model's turns; null: none. */
  workflow: z
    .string()
    .trim()
    .max(100, "Keep the workflow's name under 100 characters.")
    .nullable()
    .transform((name) => name || null),
  /** Dry run: write tools only preview. Switching to live is the admin's explicit, audited call. */
  dryRun: z.boolean({ error: "dryRun must be true or false." }),
  /** After a person rejects a parked call: the model reads the rejection, or the run ends. */
  onReject: z.enum(["continue", "end"], { error: 'onReject must be "continue" or "end".' }),
  /** How the history is fitted into the model's context window (docs/agents.md, "Context strategy"). */
  contextStrategy: z.enum(CONTEXT_STRATEGIES, {
    error: `The context strategy must be one of ${CONTEXT_STRATEGIES.map((s) => `"${s}"`).join(", ")}.`,
  }),
  maxSteps: MAX_STEPS,
  maxSeconds: MAX_SECONDS,
  // Budgets: null means no limit.
  maxToolCalls: MAX_TOOL_CALLS.nullable(),
  maxTokens: MAX_TOKENS.nullable(),
  maxCostUsd: MAX_COST_USD.nullable(),
});

/** Why a version was saved, shown in the agent's history. */
export const versionComment = z
  .string()
  .trim()
  .max(500, "Keep the comment under 500 characters.")
  .optional()
  .transform((comment) => comment ?? "");

/** Every tool named is in the tenant's catalog: a built-in tool or one of its own (loaded first). */
export async function assertToolsInCatalog(db: DbOrTx, tenantId: string, names: string[]): Promise<void> {
  await loadTenantTools(db, tenantId);
  const unknown = names.filter((name) => !getTool(name, tenantId));
  if (unknown.length === 0) return;
  const known = [...builtInTools, ...tenantToolList(tenantId)].map((tool) => tool.name).join(", ");
  throw new AppError("invalid_input", `Unknown tool ${quoted(unknown)}: choose from ${known}.`, {
    field: "tools",
  });
}

/** Success can only require receipts of tools the agent has. */
export function assertEvidenceWithinTools(tools: string[], required: string[]): void {
  const outside = required.filter((name) => !tools.includes(name));
  if (outside.length > 0)
    throw new AppError(
      "invalid_input",
      `Success cannot require ${outside.join(", ")}: the agent does not have ${outside.length > 1 ? "these tools" : "this tool"}. Give it the tool, or stop requiring it.`,
      { field: "requiredEvidence" },
    );
}

/** The workflow is one this deployment registered, and the agent has every tool its nodes call. */
export function assertWorkflowRunnable(workflow: string | null, tools: string[]): void {
  if (workflow === null) return;
  const definition = workflowNamed(workflow);
  if (!definition)
    throw new AppError(
      "invalid_input",
      `No workflow "${workflow}": choose one of ${workflowNames().join(", ") || "none (none is registered)"}, or none.`,
      { field: "workflow" },
    );
  const missing = toolsOf(definition.nodes).filter((name) => !tools.includes(name));
  if (missing.length > 0)
    throw new AppError(
      "invalid_input",
      `The workflow ${workflow} calls ${missing.join(", ")}: give the agent ${missing.length > 1 ? "these tools" : "this tool"} too.`,
      { field: "tools" },
    );
}

/** A router model is there to be cheaper than the agent's model: the same one would change nothing. */
export function assertRouterDiffersFromModel(model: string, routerModel: string | null): void {
  if (routerModel !== null && routerModel === model)
    throw new AppError(
      "invalid_input",
      `The router model is the agent's model (${model}): choose a cheaper model for simple turns, or leave it empty.`,
      { field: "routerModel" },
    );
}
