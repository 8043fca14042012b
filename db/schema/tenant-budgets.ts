import { date, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const usd = (name: string) => numeric(name, { precision: 14, scale: 6, mode: "number" });

/** A tenant's daily cost budget; no row means no budget. */
export const tenantBudgets = pgTable("tenant_budgets", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  dailyBudgetUsd: usd("daily_budget_usd").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The ledger of one tenant's UTC day: what model calls cost (`spent`) and what calls in flight may
 * still cost at worst (`reserved`). A reservation is one conditional upsert, so concurrent runs
 * can never reserve past the budget together.
 */
export const tenantSpendDays = pgTable(
  "tenant_spend_days",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    spentUsd: usd("spent_usd").notNull().default(0),
    reservedUsd: usd("reserved_usd").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

export type TenantBudget = typeof tenantBudgets.$inferSelect;
