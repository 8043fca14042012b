import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  /**
   * Set by a deployment operator: nobody of the tenant can sign in or use its API keys, and its
   * runs are held (a freeze only the operator lifts) until the tenant is resumed.
   */
  suspendedAt: timestamp("suspended_at", { withTimezone: true }),
  suspendedReason: text("suspended_reason"),
  /** A request nobody decided within this many minutes is escalated (`approval.escalated`); null: never. */
  approvalEscalationMinutes: integer("approval_escalation_minutes"),
});

export type Tenant = typeof tenants.$inferSelect;

/** The `tenant_id` of a tenant's own rows: removed with the tenant. */
export const tenantIdColumn = () =>
  uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });
