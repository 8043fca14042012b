import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { agentMemory, agents, MEMORY_SCOPES, type MemorySource, type MemoryVersion } from "@/db/schema";
import { type Actor, assertScope, can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { afterPageCursor, keysetPage } from "@/lib/page-cursor";
import { redactValue } from "@/lib/redaction/redact-value";
import { memoryKeySchema, memoryPrefixSchema, sessionKeySchema, unstorable } from "./limits";
import { memoryItemColumns, readMemory, type StoredItem, versionsOf } from "./store";

/** An agent named by its id or its name (the API's `{name}`); another tenant's reads as not found. */
export async function agentOf(
  db: DbOrTx,
  actor: Actor,
  idOrName: string,
): Promise<{ id: string; name: string }> {
  const byId = z.uuid().safeParse(idOrName).success;
  // A name PostgreSQL could not store names no agent.
  if (unstorable(idOrName)) throw new AppError("not_found", "No agent with that id or name in this tenant.");
  const [agent] = await db
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(
      and(eq(agents.tenantId, actor.tenantId), byId ? eq(agents.id, idOrName) : eq(agents.name, idOrName)),
    );
  if (!agent) throw new AppError("not_found", "No agent with that id or name in this tenant.");
  return agent;
}

export const memoryListSchema = z.object({
  /** `agent`: the agent's own items; `session`: sessions' items (one, with `session`); `all` by default. */
  scope: z.enum([...MEMORY_SCOPES, "all"]).default("all"),
  session: sessionKeySchema.optional(),
  prefix: memoryPrefixSchema.default(""),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type MemoryListFilter = z.input<typeof memoryListSchema>;

/** An item as people see it: for viewers, its value keeps its shape and loses its text. */
export type MemoryItemView = {
  id: string;
  key: string;
  scope: "agent" | "session";
  session: string | null;
  value: unknown;
  version: number;
  untrusted: boolean;
  source: MemorySource;
  createdAt: Date;
  updatedAt: Date;
};

export type MemoryVersionView = {
  version: number;
  value: unknown;
  deleted: boolean;
  untrusted: boolean;
  source: MemorySource;
  writtenAt: Date;
};

export const toItemView = (item: StoredItem, redact: boolean): MemoryItemView => ({
  id: item.id,
  key: item.key,
  scope: item.sessionKey ? "session" : "agent",
  session: item.sessionKey || null,
  value: redact ? redactValue(item.value) : item.value,
  version: item.version,
  untrusted: item.untrusted,
  source: item.source,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
});

const toVersionView = (version: MemoryVersion, redact: boolean): MemoryVersionView => ({
  version: version.version,
  value: redact ? redactValue(version.value) : version.value,
  deleted: version.deleted,
  untrusted: version.untrusted,
  source: version.source,
  writtenAt: version.writtenAt,
});

/** An agent's memory, most recently changed first, a page at a time. */
export async function listMemoryItems(
  db: DbOrTx,
  actor: Actor,
  agent: string,
  filter: MemoryListFilter = {},
): Promise<{ items: MemoryItemView[]; nextCursor: string | null }> {
  assertScope(actor, "memory:read");
  const f = memoryListSchema.parse(filter);
  const { name: agentName } = await agentOf(db, actor, agent);
  const rows = await db
    .select(memoryItemColumns)
    .from(agentMemory)
    .where(
      and(
        eq(agentMemory.tenantId, actor.tenantId),
        eq(agentMemory.agentName, agentName),
        isNull(agentMemory.deletedAt),
        sessionFilter(f.scope, f.session),
        f.prefix ? sql`starts_with(${agentMemory.key}, ${f.prefix})` : undefined,
        f.cursor ? afterPageCursor(f.cursor, agentMemory.updatedAt, agentMemory.id, "desc") : undefined,
      ),
    )
    .orderBy(desc(agentMemory.updatedAt), desc(agentMemory.id))
    .limit(f.limit + 1);
  const { page, nextCursor } = keysetPage(rows, f.limit, (row) => ({ at: row.updatedAt, id: row.id }));
  const redact = !can(actor, "payloads:read");
  return { items: page.map((row) => toItemView(row, redact)), nextCursor };
}

/** Which sessions a list shows: the agent's own items (''), one session's, every session's, or all. */
function sessionFilter(scope: "agent" | "session" | "all", session: string | undefined) {
  if (scope === "agent") return eq(agentMemory.sessionKey, "");
  if (scope === "session")
    return session === undefined ? sql`${agentMemory.sessionKey} <> ''` : eq(agentMemory.sessionKey, session);
  return session === undefined ? undefined : inArray(agentMemory.sessionKey, ["", session]);
}

/** One item with its history, newest version first. */
export async function getMemoryItem(
  db: DbOrTx,
  actor: Actor,
  agent: string,
  key: string,
  session?: string,
): Promise<{ item: MemoryItemView; versions: MemoryVersionView[] }> {
  assertScope(actor, "memory:read");
  const place = {
    tenantId: actor.tenantId,
    agentName: (await agentOf(db, actor, agent)).name,
    sessionKey: session ?? "",
  };
  // A key or session that could never have been stored is not asked of the database.
  const storable =
    memoryKeySchema.safeParse(key).success && (!session || sessionKeySchema.safeParse(session).success);
  const item = storable ? await readMemory(db, place, key) : null;
  if (!item) throw memoryNotFound(key, session);
  const redact = !can(actor, "payloads:read");
  const versions = await versionsOf(db, actor.tenantId, item.id);
  return { item: toItemView(item, redact), versions: versions.map((v) => toVersionView(v, redact)) };
}

export const memoryNotFound = (key: string, session?: string) =>
  new AppError(
    "not_found",
    session
      ? `This agent remembers nothing under "${key}" for session "${session}".`
      : `This agent remembers nothing under "${key}".`,
  );
