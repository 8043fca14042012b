import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/** A named runs list (its filters and columns, as the URL has them), a person's own or shared with the tenant. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The member (or API key) who saved it: only they remove it. */
    ownerId: text("owner_id").notNull(),
    ownerLabel: text("owner_label").notNull(),
    name: text("name").notNull(),
    /** The runs list's query string, canonical: valid filters and columns only. */
    query: text("query").notNull(),
    shared: boolean("shared").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("saved_views_owner_name_key").on(t.tenantId, t.ownerId, t.name),
    index("saved_views_tenant_idx").on(t.tenantId),
  ],
);

export type SavedView = typeof savedViews.$inferSelect;
