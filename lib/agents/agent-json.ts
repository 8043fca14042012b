import { z } from "zod";
import type { Agent, AgentDefinition, AgentVersion } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import { isSimulated } from "@/lib/models/model-name";
import type { AgentSummary } from "./queries";

const limits = {
  max_steps: z.number(),
  max_seconds: z.number(),
  max_tool_calls: z.number().nullable(),
  max_tokens: z.number().nullable(),
  max_cost_usd: z.number().nullable(),
};

/** An agent's definition as the API names it: the same field names POST and PATCH accept. */
export const agentDefinitionJson = z.object({
  description: z.string().optional(),
  model: z.string().optional(),
  fallback_model: z.string().nullable().optional(),
  router_model: z.string().nullable().optional(),
  instructions: z.string().optional(),
  tools: z.array(z.string()).optional(),
  required_evidence: z.array(z.string()).optional(),
  /** Labels that attach playbooks to the agent. */
  tags: z.array(z.string()).optional(),
  /** A registered workflow the runs follow (docs/workflows.md); null: the model decides each step. */
  workflow: z.string().nullable().optional(),
  dry_run: z.boolean().optional(),
  on_reject: z.string().optional(),
  context_strategy: z.string().optional(),
  max_steps: limits.max_steps.optional(),
  max_seconds: limits.max_seconds.optional(),
  max_tool_calls: limits.max_tool_calls.optional(),
  max_tokens: limits.max_tokens.optional(),
  max_cost_usd: limits.max_cost_usd.optional(),
});

export const toAgentDefinitionJson = (d: Partial<AgentDefinition>): z.input<typeof agentDefinitionJson> => ({
  description: d.description,
  model: d.model,
  fallback_model: d.fallbackModel,
  router_model: d.routerModel,
  instructions: d.instructions,
  tools: d.tools,
  required_evidence: d.requiredEvidence,
  tags: d.tags,
  workflow: d.workflow,
  dry_run: d.dryRun,
  on_reject: d.onReject,
  context_strategy: d.contextStrategy,
  max_steps: d.maxSteps,
  max_seconds: d.maxSeconds,
  max_tool_calls: d.maxToolCalls,
  max_tokens: d.maxTokens,
  max_cost_usd: d.maxCostUsd,
});

export const agentSummaryJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  model: z.string(),
  simulated: z.boolean(),
  fallback_model: z.string().nullable(),
  router_model: z.string().nullable(),
  /** The workflow its runs follow (docs/workflows.md); null: a model decides each step. */
  workflow: z.string().nullable(),
  tools: z.array(z.string()),
  required_evidence: z.array(z.string()),
  tags: z.array(z.string()),
  on_reject: z.string(),
  context_strategy: z.string(),
  dry_run: z.boolean(),
  ...limits,
  version: z.number(),
  updated_at: timestamp,
  archived_at: timestamp.nullable(),
});

/** The API's view of an agent: snake_case, the same field names PATCH accepts, so a client can read, edit and send back. */
export function toAgentSummaryJson(agent: AgentSummary): z.input<typeof agentSummaryJson> {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    model: agent.model,
    simulated: isSimulated(agent.model),
    fallback_model: agent.fallbackModel,
    router_model: agent.routerModel,
    workflow: agent.workflow,
    tools: agent.tools,
    required_evidence: agent.requiredEvidence,
    tags: agent.tags,
    on_reject: agent.onReject,
    context_strategy: agent.contextStrategy,
    dry_run: agent.dryRun,
    max_steps: agent.maxSteps,
    max_seconds: agent.maxSeconds,
    max_tool_calls: agent.maxToolCalls,
    max_tokens: agent.maxTokens,
    max_cost_usd: agent.maxCostUsd,
    version: agent.version,
    updated_at: agent.updatedAt,
    archived_at: agent.archivedAt,
  };
}

export const agentJson = agentSummaryJson.extend({ instructions: z.string(), created_at: timestamp });

export const toAgentJson = (agent: Agent): z.input<typeof agentJson> => ({
  ...toAgentSummaryJson(agent),
  instructions: agent.instructions,
  created_at: agent.createdAt,
});

/** An edit's answer: the agent, and the fields that changed. */
export const agentChangeJson = agentJson.extend({ changed: z.array(z.string()) });

export const agentVersionJson = z.object({
  version: z.number(),
  comment: z.string(),
  created_by: z.string(),
  created_at: timestamp,
  definition: agentDefinitionJson,
});

export const toAgentVersionJson = (version: AgentVersion): z.input<typeof agentVersionJson> => ({
  version: version.version,
  comment: version.comment,
  created_by: version.createdBy,
  created_at: version.createdAt,
  definition: toAgentDefinitionJson(version.definition),
});
