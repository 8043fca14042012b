import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Agent, type AgentDefinition, type AgentVersion, agentVersions } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { EDITABLE_AGENT_FIELDS } from "./editable-fields";
import { getAgent } from "./queries";

/** The fields of an agent that one of its versions fixes. */
export function definitionOf(agent: AgentDefinition): AgentDefinition {
  return Object.fromEntries(EDITABLE_AGENT_FIELDS.map((field) => [field, agent[field]])) as AgentDefinition;
}

/** Keeps the agent's current definition as its version, in the transaction that saved it. */
export async function recordVersion(tx: DbOrTx, actor: Actor, agent: Agent, comment: string): Promise<void> {
  await tx.insert(agentVersions).values({
    tenantId: agent.tenantId,
    agentId: agent.id,
    version: agent.version,
    definition: definitionOf(agent),
    comment,
    createdBy: actor.label,
  });
}

/** The agent's versions, newest first. */
export async function listVersions(db: DbOrTx, actor: Actor, agentId: string): Promise<AgentVersion[]> {
  const agent = await getAgent(db, actor, agentId);
  return db
    .select()
    .from(agentVersions)
    .where(and(eq(agentVersions.agentId, agent.id), eq(agentVersions.tenantId, actor.tenantId)))
    .orderBy(desc(agentVersions.version));
}

export async function getVersion(
  db: DbOrTx,
  actor: Actor,
  agentId: string,
  version: number,
): Promise<AgentVersion> {
  assertScope(actor, "agents:read");
  const agent = await getAgent(db, actor, agentId);
  const [found] = Number.isSafeInteger(version)
    ? await db
        .select()
        .from(agentVersions)
        .where(
          and(
            eq(agentVersions.agentId, agent.id),
            eq(agentVersions.tenantId, actor.tenantId),
            eq(agentVersions.version, version),
          ),
        )
    : [];
  if (!found) throw new AppError("not_found", `${agent.name} has no version ${version}.`);
  return found;
}

export type FieldChange = { field: (typeof EDITABLE_AGENT_FIELDS)[number]; from: unknown; to: unknown };

/** The fields that differ from one definition to another, in the form's order. */
export function diffDefinitions(from: AgentDefinition, to: AgentDefinition): FieldChange[] {
  return EDITABLE_AGENT_FIELDS.flatMap((field) => {
    const [was, is] = [fieldValue(from, field), fieldValue(to, field)];
    return JSON.stringify(was) === JSON.stringify(is) ? [] : [{ field, from: was, to: is }];
  });
}

// Versions saved before agents had tags carry none.
const fieldValue = (d: AgentDefinition, field: FieldChange["field"]) =>
  d[field] ?? (field === "tags" ? [] : null);
