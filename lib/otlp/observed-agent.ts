import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { agents } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { storeAgentSnapshot } from "@/lib/runtime/agent-snapshots";

/**
 * Agents are never deleted, so a stored one is remembered — once the transaction that may have
 * created it has committed (`committed`), never before.
 */
export type ObservedAgent = {
  id: string;
  name: string;
  version: number;
  snapshotHash: string;
  committed: boolean;
};
const observedAgents = new Map<string, ObservedAgent>();

const OBSERVED_INSTRUCTIONS = "Runs elsewhere: observed from its traces (OTLP). Flightdeck does not run it.";

/**
 * The agent an outside service's runs are filed under, named after the service. It is archived
 * from birth: it appears in no list of agents and starts no run of Flightdeck's own.
 */
export async function observedAgent(tx: Tx, actor: Actor, service: string): Promise<ObservedAgent> {
  const name = `otlp:${service}`;
  const cached = observedAgents.get(`${actor.tenantId}\u0000${name}`);
  if (cached?.committed) return cached;
  await tx
    .insert(agents)
    .values({
      tenantId: actor.tenantId,
      name,
      description: `Observed over OTLP: service.name "${service}"`,
      model: "unknown",
      instructions: OBSERVED_INSTRUCTIONS,
      tools: [],
      archivedAt: new Date(),
      archivedBy: actor.label,
    })
    .onConflictDoNothing();
  const [agent] = await tx
    .select({ id: agents.id, name: agents.name, version: agents.version })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, name)));
  if (!agent) throw new Error("The observed agent was not stored.");
  const snapshotHash = await storeAgentSnapshot(tx, actor.tenantId, {
    instructions: OBSERVED_INSTRUCTIONS,
    tools: [],
    maxSteps: 0,
    maxSeconds: 0,
  });
  const observed = { ...agent, snapshotHash, committed: false };
  if (observedAgents.size >= 10_000) observedAgents.clear();
  observedAgents.set(`${actor.tenantId}\u0000${name}`, observed);
  return observed;
}
