import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * Instructions an operator writes once for many agents: a playbook applies to every agent of the
 * tenant that carries one of its tags, and is added to the system prompt of the runs they start.
 * Every save is a version of its own (`playbook_versions`); a deleted playbook keeps its row and
 * history, and applies to no new run.
 */
export const playbooks = pgTable(
  "playbooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    instructions: text("instructions").notNull(),
    tags: text("tags").array().notNull(),
    version: integer("version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // A name names one live playbook; a deleted one's name is free again.
    uniqueIndex("playbooks_tenant_name_idx").on(t.tenantId, t.name).where(sql`deleted_at is null`),
    index("playbooks_tags_idx").using("gin", t.tags),
  ],
);

/** Every save of a playbook, deletion included (a version with `deleted`), and who made it. */
export const playbookVersions = pgTable(
  "playbook_versions",
  {
    playbookId: uuid("playbook_id")
      .notNull()
      .references(() => playbooks.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    instructions: text("instructions").notNull(),
    tags: text("tags").array().notNull(),
    deleted: boolean("deleted").notNull().default(false),
    writtenBy: text("written_by").notNull(),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.playbookId, t.version] })],
);

export type Playbook = typeof playbooks.$inferSelect;
export type PlaybookVersion = typeof playbookVersions.$inferSelect;

/** The version of a playbook a run got, pinned in its settings (`AgentSnapshot.playbooks`). */
export type PinnedPlaybook = { id: string; name: string; version: number; instructions: string };
