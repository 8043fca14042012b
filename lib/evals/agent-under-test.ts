import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AgentDefinition, agents, agentVersions, tenants } from "@/db/schema";
import { definitionOf } from "@/lib/agents/versions";
import { DEMO_AGENTS } from "@/lib/demo/seed-data";

/** `definition` null: the demo seed's agent, which every scratch tenant already has. */
export type AgentUnderTest = {
  name: string;
  version: number;
  definition: AgentDefinition | null;
  from: string;
  /** The tenant the definition comes from: its playbooks are the agent's too (see copyPlaybooks). */
  sourceTenantId?: string;
};

/** The tenant whose agents a suite tests, by slug or name; null when there is none of that name. */
export async function findSourceTenant(
  db: Db,
  slugOrName: string,
): Promise<{ id: string; name: string } | null> {
  const [tenant] = await db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(or(eq(tenants.slug, slugOrName), eq(tenants.name, slugOrName)))
    .limit(1);
  return tenant ?? null;
}

/**
 * The definition a case runs: the source tenant's agent (at the version asked for, else its current
 * one), else the demo seed's agent of that name, which is version 1.
 */
export async function agentUnderTest(
  db: Db,
  source: { id: string; name: string } | null,
  name: string,
  version: number | undefined,
): Promise<AgentUnderTest> {
  if (source) {
    const [agent] = await db
      .select()
      .from(agents)
      .where(and(eq(agents.tenantId, source.id), eq(agents.name, name)));
    if (agent && (version === undefined || version === agent.version))
      return {
        name,
        version: agent.version,
        definition: definitionOf(agent),
        from: source.name,
        sourceTenantId: source.id,
      };
    if (agent) {
      const [saved] = await db
        .select({ definition: agentVersions.definition })
        .from(agentVersions)
        .where(
          and(
            eq(agentVersions.tenantId, source.id),
            eq(agentVersions.agentId, agent.id),
            eq(agentVersions.version, version as number),
          ),
        );
      if (!saved) throw new Error(`${name} of ${source.name} has no version ${version}.`);
      return {
        name,
        version: version as number,
        definition: saved.definition,
        from: source.name,
        sourceTenantId: source.id,
      };
    }
  }
  const seeded = DEMO_AGENTS.find((agent) => agent.name === name);
  if (!seeded || (version !== undefined && version !== 1))
    throw new Error(
      `No agent ${name}${version ? ` version ${version}` : ""} ${source ? `in ${source.name}` : "(no source tenant)"} or in the demo seed.`,
    );
  return { name, version: 1, definition: null, from: "the demo seed" };
}
