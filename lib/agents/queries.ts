import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agents } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";

export type AgentSummary = { id: string; name: string; description: string; model: string };

/** The tenant's agents by name: what a person may pick when starting a run. */
export async function listAgents(db: DbOrTx, actor: Actor): Promise<AgentSummary[]> {
  assertScope(actor, "agents:read");
  return db
    .select({ id: agents.id, name: agents.name, description: agents.description, model: agents.model })
    .from(agents)
    .where(eq(agents.tenantId, actor.tenantId))
    .orderBy(asc(agents.name));
}
