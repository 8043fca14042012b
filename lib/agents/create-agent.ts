import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Agent, type AgentDefinition, agents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import {
  agentFieldsSchema,
  assertEvidenceWithinTools,
  assertRouterDiffersFromModel,
  assertToolsInCatalog,
  assertWorkflowRunnable,
  versionComment,
} from "./definition-schema";
import { getAgent } from "./queries";
import { definitionOf, recordVersion } from "./versions";

const NAME_RULE =
  "Name the agent with letters, digits, '-', '_' or '.', starting with a letter or digit, up to 64 characters (e.g. billing-helper).";

export const agentName = z
  .string({ error: NAME_RULE })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, NAME_RULE);

/**
 * A new agent: every field of its definition, or `copyOf` (an agent of the tenant) for the fields
 * left out. Without a copy, model, instructions and tools are required and the rest take defaults.
 */
export const createAgentSchema = agentFieldsSchema.partial().extend({
  name: agentName,
  copyOf: z.string().trim().max(100).optional(),
  comment: versionComment,
});
export type CreateAgentInput = z.input<typeof createAgentSchema>;

const REQUIRED = {
  model: "Choose the agent's model.",
  instructions: "Write the agent's instructions.",
  tools: "Give the agent at least one tool.",
} as const;

const DEFAULTS: Omit<AgentDefinition, keyof typeof REQUIRED> = {
  description: "",
  fallbackModel: null,
  routerModel: null,
  requiredEvidence: [],
  tags: [],
  workflow: null,
  // New agents start in a sandbox: write tools only preview until an admin switches them live.
  dryRun: true,
  onReject: "continue",
  contextStrategy: "clip_and_drop_middle",
  maxSteps: 30,
  maxSeconds: 300,
  maxToolCalls: null,
  maxTokens: null,
  maxCostUsd: null,
};

/** Creates an agent at version 1 (kept with its comment) and records it in the audit log. */
export async function createAgent(db: Db, actor: Actor, input: CreateAgentInput): Promise<Agent> {
  assertScope(actor, "agents:write");
  const { name, copyOf, comment, ...fields } = createAgentSchema.parse(input);
  const source = copyOf ? await getAgent(db, actor, copyOf) : null;
  const base: Partial<AgentDefinition> = source ? { ...definitionOf(source), dryRun: true } : DEFAULTS;
  const definition = complete({ ...base, ...defined(fields) });
  assertEvidenceWithinTools(definition.tools, definition.requiredEvidence);
  assertRouterDiffersFromModel(definition.model, definition.routerModel);
  assertWorkflowRunnable(definition.workflow, definition.tools);
  await assertToolsInCatalog(db, actor.tenantId, definition.tools);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ archivedAt: agents.archivedAt })
      .from(agents)
      .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, name)));
    if (taken) throw nameTaken(name, taken.archivedAt !== null);
    const [agent] = await tx
      .insert(agents)
      .values({ ...definition, tenantId: actor.tenantId, name })
      .onConflictDoNothing()
      .returning();
    if (!agent) throw nameTaken(name, false);
    const why = comment || (source ? `Copied from ${source.name} version ${source.version}` : "Created");
    await recordVersion(tx, actor, agent, why);
    await recordAudit(tx, actor, {
      action: "agent.created",
      targetType: "agent",
      targetId: agent.id,
      details: {
        agent: agent.name,
        model: agent.model,
        tools: agent.tools,
        dryRun: agent.dryRun,
        ...(source ? { copyOf: source.name, copiedVersion: source.version } : {}),
      },
    });
    return agent;
  });
}

const nameTaken = (name: string, archived: boolean) =>
  new AppError(
    "conflict",
    archived
      ? `An archived agent is named ${name}: restore it, or choose another name.`
      : `An agent named ${name} already exists in this tenant: choose another name.`,
    { field: "name" },
  );

function complete(definition: Partial<AgentDefinition>): AgentDefinition {
  for (const [field, message] of Object.entries(REQUIRED))
    if (definition[field as keyof typeof REQUIRED] === undefined)
      throw new AppError("invalid_input", message, { field });
  return { ...DEFAULTS, ...definition } as AgentDefinition;
}

/** The fields the request gave (zod leaves the others undefined). */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
