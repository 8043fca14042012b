import { and, arrayOverlaps, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { agents, type Playbook, playbooks, playbookVersions } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** A playbook's content as one save writes it. */
export type PlaybookContent = { name: string; instructions: string; tags: string[] };

export const playbookNotFound = () => new AppError("not_found", "No playbook with that id in this tenant.");

/** The tenant's live playbook, locked for a change; another tenant's or a deleted one is not found. */
export async function lockedPlaybook(tx: DbOrTx, tenantId: string, id: string): Promise<Playbook> {
  if (!z.uuid().safeParse(id).success) throw playbookNotFound();
  const [row] = await tx
    .select()
    .from(playbooks)
    .where(and(eq(playbooks.id, id), eq(playbooks.tenantId, tenantId), isNull(playbooks.deletedAt)))
    .for("update");
  if (!row) throw playbookNotFound();
  return row;
}

/** Keeps a save (or a deletion) in the playbook's history. */
export async function recordPlaybookVersion(tx: DbOrTx, playbook: Playbook, deleted = false) {
  await tx.insert(playbookVersions).values({
    playbookId: playbook.id,
    tenantId: playbook.tenantId,
    version: playbook.version,
    name: playbook.name,
    instructions: playbook.instructions,
    tags: playbook.tags,
    deleted,
    writtenBy: playbook.updatedBy,
    writtenAt: playbook.updatedAt,
  });
}

/**
 * The agents a change of a playbook with these tags reaches get a new stamp: a start that
 * remembered them reads their playbooks again (lib/runs/start-cache.ts).
 */
export async function touchTaggedAgents(tx: DbOrTx, tenantId: string, tags: string[]) {
  if (tags.length === 0) return;
  await tx
    .update(agents)
    .set({ playbookEpoch: sql`${agents.playbookEpoch} + 1` })
    .where(and(eq(agents.tenantId, tenantId), arrayOverlaps(agents.tags, tags)));
}
