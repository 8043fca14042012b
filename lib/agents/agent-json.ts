import type { Agent, AgentDefinition, AgentVersion } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import type { AgentSummary } from "./queries";

/** An agent's definition as the API names it: the same field names POST and PATCH accept. */
export const toAgentDefinitionJson = (d: Partial<AgentDefinition>) => ({
  description: d.description,
  model: d.model,
  fallback_model: d.fallbackModel,
  router_model: d.routerModel,
  instructions: d.instructions,
  tools: d.tools,
  required_evidence: d.requiredEvidence,
  dry_run: d.dryRun,
  on_reject: d.onReject,
  max_steps: d.maxSteps,
  max_seconds: d.maxSeconds,
  max_tool_calls: d.maxToolCalls,
  max_tokens: d.maxTokens,
  max_cost_usd: d.maxCostUsd,
});

/** The API's view of an agent: snake_case, the same field names PATCH accepts, so a client can read, edit and send back. */
export function toAgentSummaryJson(agent: AgentSummary) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    model: agent.model,
    simulated: isSimulated(agent.model),
    fallback_model: agent.fallbackModel,
    router_model: agent.routerModel,
    tools: agent.tools,
    required_evidence: agent.requiredEvidence,
    on_reject: agent.onReject,
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

export const toAgentJson = (agent: Agent) => ({
  ...toAgentSummaryJson(agent),
  instructions: agent.instructions,
  created_at: agent.createdAt,
});

export const toAgentVersionJson = (version: AgentVersion) => ({
  version: version.version,
  comment: version.comment,
  created_by: version.createdBy,
  created_at: version.createdAt,
  definition: toAgentDefinitionJson(version.definition),
});
