import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type Playbook, playbooks, playbookVersions } from "@/db/schema";
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
