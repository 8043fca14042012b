import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { agents, type Playbook, type PlaybookVersion, playbooks, playbookVersions } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { playbookNotFound } from "./store";

/** An agent a playbook applies to (it carries one of the playbook's tags). */
export type TaggedAgent = { id: string; name: string; tags: string[] };

export type PlaybookListItem = Playbook & { agents: TaggedAgent[] };

/** The tenant's live playbooks by name, each with the agents (not archived) it applies to. */
export async function listPlaybooks(db: DbOrTx, actor: Actor): Promise<PlaybookListItem[]> {
  assertScope(actor, "playbooks:read");
  const [rows, tagged] = await Promise.all([
    db
      .select()
      .from(playbooks)
      .where(and(eq(playbooks.tenantId, actor.tenantId), isNull(playbooks.deletedAt)))
      .orderBy(asc(playbooks.name)),
    taggedAgents(db, actor.tenantId),
  ]);
  return rows.map((playbook) => ({ ...playbook, agents: agentsCarrying(tagged, playbook.tags) }));
}

/** A playbook of the tenant (deleted ones too: their history stays readable) with every version, newest first. */
export async function getPlaybook(
  db: DbOrTx,
  actor: Actor,
  id: string,
): Promise<{ playbook: PlaybookListItem; versions: PlaybookVersion[] }> {
  assertScope(actor, "playbooks:read");
  if (!z.uuid().safeParse(id).success) throw playbookNotFound();
  const [playbook] = await db
    .select()
    .from(playbooks)
    .where(and(eq(playbooks.id, id), eq(playbooks.tenantId, actor.tenantId)));
  if (!playbook) throw playbookNotFound();
  const [versions, tagged] = await Promise.all([
    db
      .select()
      .from(playbookVersions)
      .where(and(eq(playbookVersions.playbookId, id), eq(playbookVersions.tenantId, actor.tenantId)))
      .orderBy(desc(playbookVersions.version)),
    playbook.deletedAt ? Promise.resolve([]) : taggedAgents(db, actor.tenantId),
  ]);
  return { playbook: { ...playbook, agents: agentsCarrying(tagged, playbook.tags) }, versions };
}

const taggedAgents = (db: DbOrTx, tenantId: string): Promise<TaggedAgent[]> =>
  db
    .select({ id: agents.id, name: agents.name, tags: agents.tags })
    .from(agents)
    .where(
      and(eq(agents.tenantId, tenantId), isNull(agents.archivedAt), sql`cardinality(${agents.tags}) > 0`),
    )
    .orderBy(asc(agents.name));

const agentsCarrying = (tagged: TaggedAgent[], tags: string[]) =>
  tagged.filter((agent) => agent.tags.some((tag) => tags.includes(tag)));
