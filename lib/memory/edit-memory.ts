import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agentMemory, type MemorySource } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { agentOf, memoryNotFound } from "./agent-memory";
import { memoryKeySchema, memoryValueSchema, sessionKeySchema } from "./limits";
import { deleteMemory, type StoredItem, writeMemory } from "./store";

export const putMemorySchema = z.object({
  value: memoryValueSchema,
  /** The session the item belongs to; absent: the agent's own memory. */
  session: sessionKeySchema.optional(),
  /** The version the person edited: a write on top of a newer one is refused (409), never lost. */
  expectedVersion: z.number().int().min(0).optional(),
});
export type PutMemoryInput = z.input<typeof putMemorySchema>;

const operatorSource = (actor: Actor): MemorySource => ({
  kind: "operator",
  actorType: actor.kind,
  actorId: actor.id,
  label: actor.label,
});

/**
 * A person writes a key (a correction, or a fact the agent should know): a new version, marked as
 * written by them and trusted, audited as `memory.written`.
 */
export async function putMemoryItem(
  db: Db,
  actor: Actor,
  agent: string,
  key: string,
  input: PutMemoryInput,
): Promise<StoredItem> {
  assertScope(actor, "memory:write");
  const parsedKey = parseKey(key);
  const body = putMemorySchema.parse(input);
  const { id: agentId, name: agentName } = await agentOf(db, actor, agent);
  const place = { tenantId: actor.tenantId, agentName, sessionKey: body.session ?? "" };
  return db.transaction(async (tx) => {
    if (body.expectedVersion !== undefined) {
      const [current] = await tx
        .select({ version: agentMemory.version, deletedAt: agentMemory.deletedAt })
        .from(agentMemory)
        .where(
          and(
            eq(agentMemory.tenantId, place.tenantId),
            eq(agentMemory.agentName, agentName),
            eq(agentMemory.sessionKey, place.sessionKey),
            eq(agentMemory.key, parsedKey),
          ),
        )
        .for("update");
      const version = current && !current.deletedAt ? current.version : 0;
      if (version !== body.expectedVersion)
        throw new AppError(
          "conflict",
          `"${parsedKey}" is at version ${version} now, not ${body.expectedVersion}: someone changed it. Reload it and edit again.`,
          { details: { version } },
        );
    }
    const { item } = await writeMemory(tx, {
      ...place,
      key: parsedKey,
      value: body.value,
      untrusted: false,
      source: operatorSource(actor),
    });
    await recordAudit(tx, actor, {
      action: "memory.written",
      targetType: "agent",
      targetId: agentId,
      details: { agent: agentName, key: parsedKey, session: body.session ?? null, version: item.version },
    });
    return item;
  });
}

/** A person deletes a key: its history stays; audited as `memory.deleted`. */
export async function deleteMemoryItem(
  db: Db,
  actor: Actor,
  agent: string,
  key: string,
  session?: string,
): Promise<StoredItem> {
  assertScope(actor, "memory:write");
  const parsedKey = parseKey(key);
  const sessionKey = session === undefined ? "" : sessionKeySchema.parse(session);
  const { id: agentId, name: agentName } = await agentOf(db, actor, agent);
  return db.transaction(async (tx) => {
    const item = await deleteMemory(tx, {
      tenantId: actor.tenantId,
      agentName,
      sessionKey,
      key: parsedKey,
      source: operatorSource(actor),
    });
    if (!item) throw memoryNotFound(parsedKey, session);
    await recordAudit(tx, actor, {
      action: "memory.deleted",
      targetType: "agent",
      targetId: agentId,
      details: { agent: agentName, key: parsedKey, session: session ?? null, version: item.version },
    });
    return item;
  });
}

function parseKey(key: string): string {
  const parsed = memoryKeySchema.safeParse(key);
  if (!parsed.success)
    throw new AppError("invalid_input", `key: ${parsed.error.issues[0]?.message ?? "not a key"}`, {
      field: "key",
    });
  return parsed.data;
}
