import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { tsvector } from "./tsvector";

/** An item is the agent's own (every run of it reads it) or one session's (runs with that `external_id`). */
export const MEMORY_SCOPES = ["agent", "session"] as const;
export type MemoryScope = (typeof MEMORY_SCOPES)[number];

/** Who wrote a version: a run's tool call, or a person (or API key) through the API or the page. */
export type MemorySource =
  | { kind: "run"; runId: string; seq: number; toolCallId: string }
  | { kind: "operator"; actorType: "user" | "api_key" | "system"; actorId: string; label: string };

/**
 * What an agent remembers, one row per key and scope: the current value. Every write adds a row to
 * `agent_memory_versions` too, so the history of a key survives edits and deletion.
 */
export const agentMemory = pgTable(
  "agent_memory",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    agentName: text("agent_name").notNull(),
    /** The session (a run's `external_id`) the item belongs to; '' for the agent's own memory. */
    sessionKey: text("session_key").notNull().default(""),
    key: text("key").notNull(),
    value: jsonb("value").$type<unknown>().notNull(),
    version: integer("version").notNull(),
    /** The value was read, in whole or in part, in text written by outsiders (a ticket body, a web page). */
    untrusted: boolean("untrusted").notNull().default(false),
    source: jsonb("source").$type<MemorySource>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Deleted items keep their row (and history); a later write brings the key back as a new version. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector('simple'::regconfig, replace(key, ':', ' ')) || jsonb_to_tsvector('simple'::regconfig, value, '["string", "numeric"]')`,
      ),
  },
  (t) => [
    uniqueIndex("agent_memory_key_idx").on(t.tenantId, t.agentName, t.sessionKey, t.key),
    index("agent_memory_updated_idx").on(t.tenantId, t.agentName, t.updatedAt.desc(), t.id.desc()),
    index("agent_memory_search_idx").using("gin", t.search),
  ],
);

export const agentMemoryVersions = pgTable(
  "agent_memory_versions",
  {
    itemId: uuid("item_id")
      .notNull()
      .references(() => agentMemory.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id").notNull(),
    version: integer("version").notNull(),
    /** Null for a deletion. */
    value: jsonb("value").$type<unknown>(),
    deleted: boolean("deleted").notNull().default(false),
    untrusted: boolean("untrusted").notNull().default(false),
    source: jsonb("source").$type<MemorySource>().notNull(),
    /** A run's write: its call's idempotency key, so a retried call writes its version once. */
    idempotencyKey: text("idempotency_key"),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.version] }),
    uniqueIndex("agent_memory_versions_idempotency_idx")
      .on(t.tenantId, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
  ],
);

export type MemoryItem = typeof agentMemory.$inferSelect;
export type MemoryVersion = typeof agentMemoryVersions.$inferSelect;
