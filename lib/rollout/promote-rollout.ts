import type { Db } from "@/db/client";
import type { Agent } from "@/db/schema";
import { getAgent } from "@/lib/agents/queries";
import { restoreVersion } from "@/lib/agents/restore-version";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { endRollout } from "./rollout-settings";

/**
 * Makes the rollout's candidate the agent's current version (through the versions' restore, so
 * the history shows it as a new version saved by the admin), then marks the rollout promoted.
 * `expectedVersion` is the agent version the admin saw, as for any edit.
 */
export async function promoteRollout(
  db: Db,
  actor: Actor,
  agentId: string,
  input: { expectedVersion: number },
): Promise<Agent> {
  assertScope(actor, "agents:write");
  const agent = await getAgent(db, actor, agentId);
  const rollout = agent.rollout;
  if (rollout?.state !== "active")
    throw new AppError(
      "conflict",
      rollout
        ? `${agent.name}'s rollout of version ${rollout.candidateVersion} has ended already (${rollout.state.replace("_", " ")}).`
        : `${agent.name} has no rollout under way.`,
    );
  // ─── READINESS CHECK ───────────────────────────────────────────────────────────────────────────
  // The one place a promotion asks whether the candidate is ready (lib/agents/readiness.ts, to come):
  // it will throw an AppError("conflict", …) naming what is missing. Nothing is checked yet.
  // ───────────────────────────────────────────────────────────────────────────────────────────────
  await restoreVersion(db, actor, agent.id, {
    version: rollout.candidateVersion,
    expectedVersion: input.expectedVersion,
  });
  return endRollout(db, actor, agent.id, "promoted", rollout.id, "agent.rollout_promoted");
}
