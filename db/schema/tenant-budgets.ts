import {
  bigint,
  boolean,
  date,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const usd = (name: string) => numeric(name, { precision: 14, scale: 6, mode: "number" });

/** A tenant's daily cost budget; no row means no budget. */
export const tenantBudgets = pgTable("tenant_budgets", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  dailyBudgetUsd: usd("daily_budget_usd").notNull(),
  /**
   * Tokens a day for model calls that have no price (and so no cost to count); null leaves such
   * calls outside the budget.
   */
  dailyUnpricedTokens: bigint("daily_unpriced_tokens", { mode: "number" }),
  /** Share of the day's budget (1–100 %) at which admins are alerted: a banner, and the webhook if set. */
  alertThresholdPct: integer("alert_threshold_pct").notNull().default(80),
  /** Receives a signed JSON POST when the threshold is crossed and when the budget is used up. */
  alertWebhookUrl: text("alert_webhook_url"),
  /** HMAC-SHA256 key for the webhook's signature header; shown once when set. */
  alertWebhookSecret: text("alert_webhook_secret"),
  /** At 100 % the tenant is frozen through the kill switch (released by an admin, as any freeze). */
  autoFreeze: boolean("auto_freeze").notNull().default(false),
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
    /** The same for model calls without a price, in tokens (counted only under a token budget). */
    spentTokens: bigint("spent_tokens", { mode: "number" }).notNull().default(0),
    reservedTokens: bigint("reserved_tokens", { mode: "number" }).notNull().default(0),
    /** When that day's spend crossed the alert threshold, and when it reached the budget: each alerted once. */
    alertedAt: timestamp("alerted_at", { withTimezone: true }),
    exhaustedAt: timestamp("exhausted_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

export type TenantBudget = typeof tenantBudgets.$inferSelect;
