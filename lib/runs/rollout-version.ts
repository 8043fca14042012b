import { createHash, randomInt } from "node:crypto";
import type { Agent } from "@/db/schema";
import type { StartInput, StartOptions } from "./start-plan";

export type RolloutRole = "stable" | "candidate";

/**
 * The bucket (0–99) of a session of an agent: the same agent and session key always land in the
 * same bucket, so every run of one conversation gets the same version while the percentage holds.
 */
export function sessionBucket(agentId: string, externalId: string): number {
  const digest = createHash("sha256").update(`${agentId}\u0000${externalId}`).digest();
  return digest.readUInt32BE(0) % 100;
}

/**
 * Which version a new run of the agent gets under its rollout: the candidate's definition (and
 * version number) for `percent` of runs, the current one otherwise. Runs outside rollouts, replays
 * (they name their version), promotions (they carry out a dry run's actions as they were) and gate
 * runs (their agent runs elsewhere) keep the agent as it is, with no role.
 */
export function chooseVersion(
  agent: Agent,
  parsed: Pick<StartInput, "externalId">,
  options: Pick<StartOptions, "replay" | "promotedFrom" | "gate">,
  draw: () => number = () => randomInt(100),
): { agent: Agent; role: RolloutRole | null } {
  const rollout = agent.rollout;
  if (rollout?.state !== "active" || options.replay || options.promotedFrom || options.gate)
    return { agent, role: null };
  const bucket = parsed.externalId ? sessionBucket(agent.id, parsed.externalId) : draw();
  if (bucket >= rollout.percent) return { agent, role: "stable" };
  return {
    agent: { ...agent, ...rollout.candidate, version: rollout.candidateVersion },
    role: "candidate",
  };
}
