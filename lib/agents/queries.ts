import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type Agent, agents } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import { getTenantRow } from "@/lib/tenant-row";

/** An agent without its instructions: what lists show and what the new-run form picks from. */
export type AgentSummary = Pick<
  Agent,
  | "id"
  | "name"
  | "description"
  | "model"
  | "fallbackModel"
  | "routerModel"
  | "tools"
  | "requiredEvidence"
  | "tags"
  | "onReject"
  | "contextStrategy"
  | "dryRun"
  | "maxSteps"
  | "maxSeconds"
  | "maxToolCalls"
  | "maxTokens"
  | "maxCostUsd"
  | "version"
  | "updatedAt"
  | "archivedAt"
  | "workflow"
>;

/** The tenant's agents by name; archived ones only when asked (history filters want them, pickers do not). */
export async function listAgents(
  db: DbOrTx,
  actor: Actor,
  options: { includeArchived?: boolean } = {},
): Promise<AgentSummary[]> {
  assertScope(actor, "agents:read");
  return db
    .select({
      id: agents.id,
      name: agents.name,
      description: agents.description,
      model: agents.model,
      fallbackModel: agents.fallbackModel,
      routerModel: agents.routerModel,
      tools: agents.tools,
      requiredEvidence: agents.requiredEvidence,
      tags: agents.tags,
      onReject: agents.onReject,
      contextStrategy: agents.contextStrategy,
      dryRun: agents.dryRun,
      maxSteps: agents.maxSteps,
      maxSeconds: agents.maxSeconds,
      maxToolCalls: agents.maxToolCalls,
      maxTokens: agents.maxTokens,
      maxCostUsd: agents.maxCostUsd,
      version: agents.version,
      updatedAt: agents.updatedAt,
      archivedAt: agents.archivedAt,
      workflow: agents.workflow,
    })
    .from(agents)
    .where(
      and(
        eq(agents.tenantId, actor.tenantId),
        options.includeArchived ? undefined : isNull(agents.archivedAt),
      ),
    )
    .orderBy(asc(agents.name));
}

const notFound = () => new AppError("not_found", "No agent with that id in this tenant.");

/** A malformed id names no agent, so it reads as "not here" rather than as bad input. */
export function parseAgentId(id: string): string {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export async function getAgent(db: DbOrTx, actor: Actor, id: string): Promise<Agent> {
  assertScope(actor, "agents:read");
  return getTenantRow(db, agents, actor.tenantId, id, notFound().message);
}

/** For pages: the agent, or null when it is not in the actor's tenant. */
export async function findAgent(db: DbOrTx, actor: Actor, id: string): Promise<Agent | null> {
  try {
    return await getAgent(db, actor, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  }
}

/** Per tool name, the agents given it. */
export function agentsByTool(list: AgentSummary[]): Record<string, { id: string; name: string }[]> {
  const byTool: Record<string, { id: string; name: string }[]> = {};
  for (const agent of list)
    for (const tool of agent.tools) {
      const users = byTool[tool] ?? [];
      users.push({ id: agent.id, name: agent.name });
      byTool[tool] = users;
    }
  return byTool;
}
