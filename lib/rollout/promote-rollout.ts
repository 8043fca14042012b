import type { Db } from "@/db/client";
import type { Agent } from "@/db/schema";
import { getAgent } from "@/lib/agents/queries";
import { assertReady } from "@/lib/agents/readiness";
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
  // A candidate acts for real once promoted: its readiness suite, if the agent has one, must have passed on it.
  await assertReady(
    db,
    actor.tenantId,
    agent.id,
    rollout.candidateVersion,
    `promote ${agent.name} version ${rollout.candidateVersion}`,
  );
  await restoreVersion(db, actor, agent.id, {
    version: rollout.candidateVersion,
    expectedVersion: input.expectedVersion,
  });
  return endRollout(db, actor, agent.id, "promoted", rollout.id, "agent.rollout_promoted");
}
