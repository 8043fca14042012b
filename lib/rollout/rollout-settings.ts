import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Agent, type AgentRollout, agents, DEFAULT_CONTEXT_STRATEGY } from "@/db/schema";
import { parseAgentId } from "@/lib/agents/queries";
import { getVersion } from "@/lib/agents/versions";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";

const share = (what: string) =>
  z
    .number({ error: `Give the ${what} as a number from 0 to 100.` })
    .int(`Give the ${what} as a whole number from 0 to 100.`)
    .min(0, `The ${what} is 0 to 100.`)
    .max(100, `The ${what} is 0 to 100.`);

export const rolloutSettingsSchema = z.object({
  candidateVersion: z
    .number({ error: "Choose the candidate version." })
    .int("Versions are whole numbers.")
    .min(1, "Versions start at 1."),
  percent: share("percentage of runs"),
  shadowPercent: share("shadow sample").default(0),
  marginPct: share("rollback margin").default(10),
  windowMinutes: z
    .number({ error: "Give the window in minutes." })
    .int("Give the window in whole minutes.")
    .min(5, "A window of at least 5 minutes.")
    .max(10_080, "A window of at most a week (10080 minutes).")
    .default(60),
  minRuns: z
    .number({ error: "Give the minimum number of runs." })
    .int("Give a whole number of runs.")
    .min(1, "At least 1 run.")
    .max(10_000, "At most 10,000 runs.")
    .default(20),
});
export type RolloutSettingsInput = z.input<typeof rolloutSettingsSchema>;

/**
 * Sets the agent's rollout: a new one when none is under way or the candidate changes, otherwise
 * the one under way keeps its start (and its runs) with the new figures. The candidate is any saved
 * version other than the current one.
 */
export async function setRollout(
  db: Db,
  actor: Actor,
  agentId: string,
  input: RolloutSettingsInput,
): Promise<Agent> {
  assertScope(actor, "agents:write");
  const id = parseAgentId(agentId);
  const settings = rolloutSettingsSchema.parse(input);
  const candidate = await candidateDefinition(db, actor, id, settings.candidateVersion);
  return db.transaction(async (tx) => {
    const where = and(eq(agents.id, id), eq(agents.tenantId, actor.tenantId));
    const [current] = await tx.select().from(agents).where(where).for("update");
    if (!current) throw noSuchAgent();
    if (current.archivedAt)
      throw new AppError("conflict", `${current.name} is archived: restore it before rolling out a version.`);
    if (settings.candidateVersion === current.version)
      throw new AppError(
        "invalid_input",
        `Version ${current.version} is already ${current.name}'s current version: choose another one as the candidate.`,
        { field: "candidateVersion" },
      );
    const previous = current.rollout;
    const continued = previous?.state === "active" && previous.candidateVersion === settings.candidateVersion;
    const rollout: AgentRollout = {
      ...settings,
      candidate,
      id: continued ? previous.id : randomUUID(),
      state: "active",
      reason: null,
      startedAt: continued ? previous.startedAt : new Date().toISOString(),
      startedBy: continued ? previous.startedBy : actor.label,
      endedAt: null,
      endedBy: null,
    };
    const [agent] = await tx.update(agents).set({ rollout, updatedAt: new Date() }).where(where).returning();
    if (!agent) throw noSuchAgent();
    await recordAudit(tx, actor, {
      action: "agent.rollout_set",
      targetType: "agent",
      targetId: agent.id,
      details: {
        agent: agent.name,
        rollout_id: rollout.id,
        stable_version: agent.version,
        candidate_version: rollout.candidateVersion,
        percent: rollout.percent,
        shadow_percent: rollout.shadowPercent,
        margin_pct: rollout.marginPct,
        window_minutes: rollout.windowMinutes,
        min_runs: rollout.minRuns,
        ...(previous?.state === "active" && !continued ? { replaced: previous.candidateVersion } : {}),
      },
    });
    return agent;
  });
}

/** Ends the rollout under way without promoting it: every new run gets the current version again. */
export async function abandonRollout(db: Db, actor: Actor, agentId: string): Promise<Agent> {
  assertScope(actor, "agents:write");
  return endRollout(db, actor, agentId, "abandoned", null, "agent.rollout_abandoned");
}

/**
 * Marks the rollout under way ended, if it still is and is the one the caller meant (`rolloutId`):
 * a conditional update, so two people (or a person and the rollback sweep) cannot both end it.
 */
export async function endRollout(
  db: Db,
  actor: Actor,
  agentId: string,
  state: "abandoned" | "promoted",
  rolloutId: string | null,
  action: string,
): Promise<Agent> {
  assertScope(actor, "agents:write");
  const id = parseAgentId(agentId);
  return db.transaction(async (tx) => {
    const [agent] = await tx
      .update(agents)
      .set({
        rollout: sql`${agents.rollout} || ${JSON.stringify({
          state,
          percent: 0,
          endedAt: new Date().toISOString(),
          endedBy: actor.label,
        })}::jsonb`,
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(agents.id, id),
          eq(agents.tenantId, actor.tenantId),
          sql`${agents.rollout}->>'state' = 'active'`,
          rolloutId ? sql`${agents.rollout}->>'id' = ${rolloutId}` : undefined,
        ),
      )
      .returning();
    if (!agent) throw await noActiveRollout(tx, actor, id);
    await recordAudit(tx, actor, {
      action,
      targetType: "agent",
      targetId: agent.id,
      details: {
        agent: agent.name,
        rollout_id: agent.rollout?.id,
        candidate_version: agent.rollout?.candidateVersion,
      },
    });
    return agent;
  });
}

async function noActiveRollout(db: Pick<Db, "select">, actor: Actor, id: string): Promise<AppError> {
  const [agent] = await db
    .select({ name: agents.name, rollout: agents.rollout })
    .from(agents)
    .where(and(eq(agents.id, id), eq(agents.tenantId, actor.tenantId)));
  if (!agent) return noSuchAgent();
  const state = agent.rollout?.state;
  return new AppError(
    "conflict",
    state && state !== "active"
      ? `${agent.name}'s rollout of version ${agent.rollout?.candidateVersion} has ended already (${state.replace("_", " ")}).`
      : `${agent.name} has no rollout under way.`,
  );
}

/** The candidate version's definition, complete (versions saved before a field existed lack it). */
async function candidateDefinition(db: Db, actor: Actor, agentId: string, version: number) {
  try {
    const { definition } = await getVersion(db, actor, agentId, version);
    return {
      ...definition,
      routerModel: definition.routerModel ?? null,
      contextStrategy: definition.contextStrategy ?? DEFAULT_CONTEXT_STRATEGY,
    };
  } catch (error) {
    // A version that does not exist is a wrong value in the request; a missing agent stays 404.
    if (isAppError(error) && error.code === "not_found" && /has no version/.test(error.message))
      throw new AppError("invalid_input", error.message, { field: "candidateVersion", cause: error });
    throw error;
  }
}

const noSuchAgent = () => new AppError("not_found", "No agent with that id in this tenant.");
