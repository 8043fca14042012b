import type { Db } from "@/db/client";
import { DEFAULT_CONTEXT_STRATEGY } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { type UpdateAgentResult, updateAgent } from "./update-agent";
import { getVersion } from "./versions";

/**
 * Makes an earlier version's definition the agent's current one, as a new version (history is never
 * rewritten). `expectedVersion` is the version the caller saw, as for any edit.
 */
export async function restoreVersion(
  db: Db,
  actor: Actor,
  agentId: string,
  input: { version: number; expectedVersion: number },
): Promise<UpdateAgentResult> {
  const earlier = await getVersion(db, actor, agentId, input.version);
  return updateAgent(db, actor, agentId, {
    ...earlier.definition,
    // Versions saved before agents had a router model lack the field: they had none.
    routerModel: earlier.definition.routerModel ?? null,
    // Versions saved before agents had a context strategy lack the field: they had the default.
    contextStrategy: earlier.definition.contextStrategy ?? DEFAULT_CONTEXT_STRATEGY,
    expectedVersion: input.expectedVersion,
    comment: `Restored version ${earlier.version}`,
  });
}
