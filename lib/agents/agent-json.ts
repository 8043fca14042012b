import type { Agent, AgentVersion } from "@/db/schema";
import { isSimulated } from "@/lib/models/model-name";
import type { AgentSummary } from "./queries";

/** The API's view of an agent: the same field names PATCH accepts, so a client can read, edit and send back. */
export function toAgentSummaryJson(agent: AgentSummary) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    model: agent.model,
    simulated: isSimulated(agent.model),
    fallbackModel: agent.fallbackModel,
    routerModel: agent.routerModel,
    tools: agent.tools,
    requiredEvidence: agent.requiredEvidence,
    onReject: agent.onReject,
    dryRun: agent.dryRun,
    maxSteps: agent.maxSteps,
    maxSeconds: agent.maxSeconds,
    maxToolCalls: agent.maxToolCalls,
    maxTokens: agent.maxTokens,
    maxCostUsd: agent.maxCostUsd,
    version: agent.version,
    updatedAt: agent.updatedAt,
    archivedAt: agent.archivedAt,
  };
}

export const toAgentJson = (agent: Agent) => ({
  ...toAgentSummaryJson(agent),
  instructions: agent.instructions,
  createdAt: agent.createdAt,
});

export const toAgentVersionJson = (version: AgentVersion) => ({
  version: version.version,
  comment: version.comment,
  createdBy: version.createdBy,
  createdAt: version.createdAt,
  definition: version.definition,
});
