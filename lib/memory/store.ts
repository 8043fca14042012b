import { and, asc, desc, eq, getTableColumns, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agentMemory, agentMemoryVersions, type MemorySource, type MemoryVersion } from "@/db/schema";

/** Whose memory: an agent's own (`sessionKey` '') or one of its sessions'. */
export type MemoryPlace = { tenantId: string; agentName: string; sessionKey: string };

const { search: _search, ...itemColumns } = getTableColumns(agentMemory);

export type StoredItem = Omit<typeof agentMemory.$inferSelect, "search">;

export type MemoryWrite = MemoryPlace & {
  key: string;
  value: unknown;
  untrusted: boolean;
  source: MemorySource;
  /** A run's call: the same call retried finds its version instead of writing another. */
  idempotencyKey?: string;
};

/**
 * Writes the key's next version (the first, or one after an edit or a deletion) and keeps it in the
 * history, in one transaction; the row lock of the upsert orders concurrent writers of a key.
 */
export async function writeMemory(
  db: DbOrTx,
  write: MemoryWrite,
): Promise<{ item: StoredItem; replay: boolean }> {
  return db.transaction(async (tx) => {
    if (write.idempotencyKey) {
      const [done] = await tx
        .select(itemColumns)
        .from(agentMemoryVersions)
        .innerJoin(agentMemory, eq(agentMemory.id, agentMemoryVersions.itemId))
        .where(
          and(
            eq(agentMemoryVersions.tenantId, write.tenantId),
            eq(agentMemoryVersions.idempotencyKey, write.idempotencyKey),
          ),
        );
      if (done) return { item: done, replay: true };
    }
    const now = new Date();
    const [item] = await tx
      .insert(agentMemory)
      .values({
        tenantId: write.tenantId,
        agentName: write.agentName,
        sessionKey: write.sessionKey,
        key: write.key,
        value: write.value,
        version: 1,
        untrusted: write.untrusted,
        source: write.source,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: [agentMemory.tenantId, agentMemory.agentName, agentMemory.sessionKey, agentMemory.key],
        set: {
          value: sql`excluded.value`,
          version: sql`${agentMemory.version} + 1`,
          untrusted: sql`excluded.untrusted`,
          source: sql`excluded.source`,
          updatedAt: now,
          deletedAt: null,
        },
      })
      .returning(itemColumns);
    if (!item) throw new Error("The memory upsert returned no row.");
    await tx.insert(agentMemoryVersions).values({
      itemId: item.id,
      tenantId: write.tenantId,
      version: item.version,
      value: write.value,
      untrusted: write.untrusted,
      source: write.source,
      idempotencyKey: write.idempotencyKey,
      writtenAt: now,
    });
    return { item, replay: false };
  });
}

/** Marks the key deleted as its next version; the history stays. Null when there was nothing to delete. */
export async function deleteMemory(
  db: DbOrTx,
  place: MemoryPlace & { key: string; source: MemorySource },
): Promise<StoredItem | null> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [item] = await tx
      .update(agentMemory)
      .set({ version: sql`${agentMemory.version} + 1`, deletedAt: now, updatedAt: now, source: place.source })
      .where(and(...placeIs(place), eq(agentMemory.key, place.key), isNull(agentMemory.deletedAt)))
      .returning(itemColumns);
    if (!item) return null;
    await tx.insert(agentMemoryVersions).values({
      itemId: item.id,
      tenantId: place.tenantId,
      version: item.version,
      value: null,
      deleted: true,
      untrusted: false,
      source: place.source,
      writtenAt: now,
    });
    return item;
  });
}

const placeIs = (place: MemoryPlace): SQL[] => [
  eq(agentMemory.tenantId, place.tenantId),
  eq(agentMemory.agentName, place.agentName),
  eq(agentMemory.sessionKey, place.sessionKey),
];

/** The key's current item, or null (never written, or deleted). */
export async function readMemory(db: DbOrTx, place: MemoryPlace, key: string): Promise<StoredItem | null> {
  const [item] = await db
    .select(itemColumns)
    .from(agentMemory)
    .where(and(...placeIs(place), eq(agentMemory.key, key), isNull(agentMemory.deletedAt)));
  return item ?? null;
}

/** Every version of an item, newest first. */
export async function versionsOf(db: DbOrTx, tenantId: string, itemId: string): Promise<MemoryVersion[]> {
  return db
    .select()
    .from(agentMemoryVersions)
    .where(and(eq(agentMemoryVersions.tenantId, tenantId), eq(agentMemoryVersions.itemId, itemId)))
    .orderBy(desc(agentMemoryVersions.version));
}

/** The memory a run may read: its agent's own ('' session) and its session's. */
export type ReadableMemory = { tenantId: string; agentName: string; sessions: string[] };

const readable = (input: ReadableMemory): SQL[] => [
  eq(agentMemory.tenantId, input.tenantId),
  eq(agentMemory.agentName, input.agentName),
  inArray(agentMemory.sessionKey, input.sessions),
  isNull(agentMemory.deletedAt),
];

/** The readable items whose key starts with `prefix`, in key order (the agent's own first on a tie). */
export async function recallMemory(
  db: DbOrTx,
  input: ReadableMemory & { prefix: string; limit: number },
): Promise<StoredItem[]> {
  return db
    .select(itemColumns)
    .from(agentMemory)
    .where(
      and(
        ...readable(input),
        input.prefix ? sql`starts_with(${agentMemory.key}, ${input.prefix})` : undefined,
      ),
    )
    .orderBy(asc(agentMemory.key), asc(agentMemory.sessionKey))
    .limit(input.limit);
}

/** Readable items whose key or text values match the words of `query` (PostgreSQL full-text search), best first. */
export async function searchMemory(
  db: DbOrTx,
  input: ReadableMemory & { query: string; limit: number },
): Promise<StoredItem[]> {
  const query = sql`websearch_to_tsquery('simple', ${input.query})`;
  return db
    .select(itemColumns)
    .from(agentMemory)
    .where(and(...readable(input), sql`${agentMemory.search} @@ ${query}`))
    .orderBy(sql`ts_rank(${agentMemory.search}, ${query}) desc`, asc(agentMemory.key))
    .limit(input.limit);
}

export { itemColumns as memoryItemColumns };
