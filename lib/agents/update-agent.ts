import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { type Agent, agents } from "@/db/schema";
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
import { EDITABLE_AGENT_FIELDS } from "./editable-fields";
import { parseAgentId } from "./queries";
import { assertReady } from "./readiness";
import { recordVersion } from "./versions";

/** A partial update: fields left out keep their value. `expectedVersion` is the version the caller edited. */
export const updateAgentSchema = agentFieldsSchema.partial().extend({
  expectedVersion: z.number({ error: "Send the version you edited as expectedVersion." }).int().min(1),
  /** Why: kept with the version this save makes. */
  comment: versionComment,
});
export type UpdateAgentInput = z.input<typeof updateAgentSchema>;

const EDITABLE = EDITABLE_AGENT_FIELDS;
type Editable = (typeof EDITABLE)[number];
type Changes = Partial<Pick<Agent, Editable>>;

export type UpdateAgentResult = { agent: Agent; changed: Editable[] };

/**
 * Changes an agent's definition if nobody changed it since the caller read `expectedVersion`;
 * bumps the version and records what changed, from and to. Saving without a change is a no-op.
 */
export async function updateAgent(
  db: Db,
  actor: Actor,
  agentId: string,
  input: UpdateAgentInput,
): Promise<UpdateAgentResult> {
  assertScope(actor, "agents:write");
  const id = parseAgentId(agentId);
  const { expectedVersion, comment, ...next } = updateAgentSchema.parse(input);
  if (next.tools) await assertToolsInCatalog(db, actor.tenantId, next.tools);
  return db.transaction(async (tx) => {
    const where = and(eq(agents.id, id), eq(agents.tenantId, actor.tenantId));
    const [current] = await tx.select().from(agents).where(where).for("update");
    if (!current) throw new AppError("not_found", "No agent with that id in this tenant.");
    if (current.version !== expectedVersion) {
      throw new AppError(
        "conflict",
        `This agent was changed by someone else meanwhile: reload to see version ${current.version}.`,
        { field: "expectedVersion" },
      );
    }
    if (current.archivedAt)
      throw new AppError("conflict", `${current.name} is archived: restore it before changing it.`);
    assertEvidenceWithinTools(next.tools ?? current.tools, next.requiredEvidence ?? current.requiredEvidence);
    assertRouterDiffersFromModel(
      next.model ?? current.model,
      next.routerModel === undefined ? current.routerModel : next.routerModel,
    );
    assertWorkflowRunnable(
      next.workflow === undefined ? current.workflow : next.workflow,
      next.tools ?? current.tools,
    );
    const changes = diff(current, next);
    const changed = Object.keys(changes) as Editable[];
    if (changed.length === 0) return { agent: current, changed };
    if (changes.dryRun === false) await assertReadyToGoLive(tx, actor, current, changed);
    const [agent] = await tx
      .update(agents)
      .set({ ...changes, version: current.version + 1, updatedAt: new Date() })
      .where(where)
      .returning();
    if (!agent) throw new AppError("internal", "The agent could not be updated.");
    await recordVersion(tx, actor, agent, comment);
    await recordAudit(tx, actor, {
      action: "agent.updated",
      targetType: "agent",
      targetId: id,
      details: {
        agent: agent.name,
        version: agent.version,
        ...(comment ? { comment } : {}),
        changes: auditChanges(current, changes),
      },
    });
    return { agent, changed };
  });
}

// The readiness suite tested the current version: going live with other changes would skip their test.
async function assertReadyToGoLive(tx: DbOrTx, actor: Actor, current: Agent, changed: Editable[]) {
  const action = `switch ${current.name} to live`;
  try {
    const gate = await assertReady(tx, actor.tenantId, current.id, current.version, action);
    if (gate && changed.length > 1)
      throw new AppError(
        "conflict",
        `Cannot ${action} together with other changes: its readiness suite ${gate.suite.name} tested version ${current.version}. Save the changes, run the suite, then switch to live on its own.`,
      );
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, error.message, { field: "dryRun", details: error.details });
    throw error;
  }
}

function diff(current: Agent, next: Changes): Changes {
  const changes: Changes = {};
  for (const key of EDITABLE) {
    const value = next[key];
    if (value === undefined) continue;
    const same =
      key === "tools" || key === "requiredEvidence" || key === "tags"
        ? sameSet(current[key], value as string[])
        : (current[key] as unknown) === (value as unknown);
    if (!same) Object.assign(changes, { [key]: value });
  }
  return changes;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((name) => b.includes(name));

// Instructions can be 20,000 characters: the audit log keeps their lengths, not two copies.
function auditChanges(current: Agent, changes: Changes): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([key, to]) =>
      key === "instructions"
        ? [key, { fromLength: current.instructions.length, toLength: (to as string).length }]
        : [key, { from: current[key as Editable], to }],
    ),
  );
}
