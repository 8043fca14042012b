import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/db/connection-errors";
import { type Playbook, playbooks } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { playbookFieldsSchema } from "./limits";
import { lockedPlaybook, recordPlaybookVersion } from "./store";

export const createPlaybookSchema = playbookFieldsSchema;
export type CreatePlaybookInput = z.input<typeof createPlaybookSchema>;

export const updatePlaybookSchema = playbookFieldsSchema.extend({
  /** The version the person edited: a save on top of a newer one is refused (409), never lost. */
  expectedVersion: z.number({ error: "Send the version you edited as expected_version." }).int().min(1),
});
export type UpdatePlaybookInput = z.input<typeof updatePlaybookSchema>;

/** Writes a new playbook (version 1); audited as `playbook.created`. */
export async function createPlaybook(db: Db, actor: Actor, input: CreatePlaybookInput): Promise<Playbook> {
  assertScope(actor, "playbooks:write");
  const fields = createPlaybookSchema.parse(input);
  return saving(fields.name, () =>
    db.transaction(async (tx) => {
      const [playbook] = await tx
        .insert(playbooks)
        .values({ tenantId: actor.tenantId, ...fields, version: 1, updatedBy: actor.label })
        .returning();
      if (!playbook) throw new AppError("internal", "The playbook could not be saved.");
      await recordPlaybookVersion(tx, playbook);
      await recordAudit(tx, actor, {
        action: "playbook.created",
        targetType: "playbook",
        targetId: playbook.id,
        details: { name: playbook.name, version: 1, tags: playbook.tags },
      });
      return playbook;
    }),
  );
}

/**
 * Saves the next version of a playbook if nobody saved one since `expectedVersion`; saving what is
 * already there changes nothing. Runs already started keep the version they got.
 */
export async function updatePlaybook(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdatePlaybookInput,
): Promise<Playbook> {
  assertScope(actor, "playbooks:write");
  const { expectedVersion, ...fields } = updatePlaybookSchema.parse(input);
  return saving(fields.name, () =>
    db.transaction(async (tx) => {
      const current = await lockedPlaybook(tx, actor.tenantId, id);
      if (current.version !== expectedVersion)
        throw new AppError(
          "conflict",
          `${current.name} is at version ${current.version} now, not ${expectedVersion}: someone changed it. Reload it and edit again.`,
          { field: "expectedVersion", details: { version: current.version } },
        );
      if (sameContent(current, fields)) return current;
      const [playbook] = await tx
        .update(playbooks)
        .set({ ...fields, version: current.version + 1, updatedBy: actor.label, updatedAt: new Date() })
        .where(and(eq(playbooks.id, current.id), eq(playbooks.tenantId, actor.tenantId)))
        .returning();
      if (!playbook) throw new AppError("internal", "The playbook could not be saved.");
      await recordPlaybookVersion(tx, playbook);
      await recordAudit(tx, actor, {
        action: "playbook.updated",
        targetType: "playbook",
        targetId: playbook.id,
        details: {
          name: playbook.name,
          version: playbook.version,
          tags: playbook.tags,
          changed: changedFields(current, fields),
        },
      });
      return playbook;
    }),
  );
}

/** Deletes a playbook: it applies to no new run; its history stays. Audited as `playbook.deleted`. */
export async function deletePlaybook(db: Db, actor: Actor, id: string): Promise<Playbook> {
  assertScope(actor, "playbooks:write");
  return db.transaction(async (tx) => {
    const current = await lockedPlaybook(tx, actor.tenantId, id);
    const now = new Date();
    const [playbook] = await tx
      .update(playbooks)
      .set({ version: current.version + 1, updatedBy: actor.label, updatedAt: now, deletedAt: now })
      .where(and(eq(playbooks.id, current.id), eq(playbooks.tenantId, actor.tenantId)))
      .returning();
    if (!playbook) throw new AppError("internal", "The playbook could not be deleted.");
    await recordPlaybookVersion(tx, playbook, true);
    await recordAudit(tx, actor, {
      action: "playbook.deleted",
      targetType: "playbook",
      targetId: playbook.id,
      details: { name: playbook.name, version: playbook.version },
    });
    return playbook;
  });
}

type Fields = z.output<typeof playbookFieldsSchema>;

const changedFields = (current: Playbook, next: Fields) =>
  (["name", "instructions", "tags"] as const).filter((key) =>
    key === "tags" ? current.tags.join("\n") !== next.tags.join("\n") : current[key] !== next[key],
  );

const sameContent = (current: Playbook, next: Fields) => changedFields(current, next).length === 0;

/** A name another live playbook holds is refused on the name field, not as a 500. */
async function saving<T>(name: string, save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error, "playbooks_tenant_name_idx"))
      throw new AppError("conflict", `A playbook named "${name}" exists already: choose another name.`, {
        field: "name",
      });
    throw error;
  }
}
