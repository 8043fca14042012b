import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Agent, agents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getAgent } from "./queries";

/**
 * Archives an agent: it starts no new runs and leaves the lists; runs already started finish on the
 * version they pinned, and its runs, versions and receipts stay. Archiving twice changes nothing.
 */
export async function archiveAgent(db: Db, actor: Actor, agentId: string): Promise<Agent> {
  return setArchived(db, actor, agentId, true);
}

/** Brings an archived agent back: it can be run and edited again. */
export async function unarchiveAgent(db: Db, actor: Actor, agentId: string): Promise<Agent> {
  return setArchived(db, actor, agentId, false);
}

async function setArchived(db: Db, actor: Actor, agentId: string, archive: boolean): Promise<Agent> {
  assertScope(actor, "agents:write");
  const current = await getAgent(db, actor, agentId);
  return db.transaction(async (tx) => {
    const [agent] = await tx
      .update(agents)
      .set(
        archive
          ? { archivedAt: new Date(), archivedBy: actor.label }
          : { archivedAt: null, archivedBy: null },
      )
      .where(
        and(
          eq(agents.id, current.id),
          eq(agents.tenantId, actor.tenantId),
          archive ? isNull(agents.archivedAt) : isNotNull(agents.archivedAt),
        ),
      )
      .returning();
    if (!agent) {
      const [unchanged] = await tx.select().from(agents).where(eq(agents.id, current.id));
      if (!unchanged) throw new AppError("not_found", "No agent with that id in this tenant.");
      return unchanged;
    }
    await recordAudit(tx, actor, {
      action: archive ? "agent.archived" : "agent.unarchived",
      targetType: "agent",
      targetId: agent.id,
      details: { agent: agent.name, version: agent.version },
    });
    return agent;
  });
}
