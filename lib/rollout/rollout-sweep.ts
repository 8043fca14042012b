import type { Db } from "@/db/client";
import { rollbackFailingCandidates } from "./rollback-sweep";
import { compareShadows, startShadows } from "./shadow-sweep";

/**
 * A worker's periodic pass over the rollouts: roll back failing candidates first (a rolled back
 * rollout shadows no more), then start the shadows of newly ended live runs and compare the ended ones.
 */
export async function sweepRollouts(db: Db): Promise<void> {
  const rolledBack = await rollbackFailingCandidates(db);
  for (const r of rolledBack) console.warn(`Rolled back the rollout of ${r.agentName}: ${r.reason}`);
  await startShadows(db);
  await compareShadows(db);
}
