import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * What a tenant hides from viewers in runs' free text: the kinds of personal data (see
 * lib/redaction) and the tenant's own patterns. No row: every kind, no patterns.
 */
export const redactionRules = pgTable("redaction_rules", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  types: text("types").array().notNull(),
  patterns: text("patterns").array().notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
