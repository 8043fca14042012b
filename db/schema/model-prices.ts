import { sql } from "drizzle-orm";
import { date, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const perMillion = (name: string) => numeric(name, { precision: 12, scale: 6, mode: "number" });

/** Stands in for "no tenant" in the unique key, so a list price and each tenant's correction are distinct. */
export const LIST_PRICE_TENANT = "00000000-0000-0000-0000-000000000000";

/**
 * Prices in USD per million tokens, versioned by the date they take effect. A row without a tenant
 * is the built-in list price; a tenant's row corrects it for that tenant only, from its date on.
 */
export const modelPrices = pgTable(
  "model_prices",
  {
    /** Null: the list price every tenant sees; set: one tenant's correction. */
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    /** `provider:model`, as agents name models. */
    model: text("model").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    inputPerMTok: perMillion("input_per_mtok").notNull(),
    cachedInputPerMTok: perMillion("cached_input_per_mtok").notNull(),
    outputPerMTok: perMillion("output_per_mtok").notNull(),
    /** Null: reasoning tokens are billed as output tokens (most providers). */
    reasoningPerMTok: perMillion("reasoning_per_mtok"),
    /**
     * The model's context window in tokens (prompt and output together). Null: the window the
     * built-in model list knows for it (lib/models/price-list.ts), if any.
     */
    contextWindow: integer("context_window"),
    source: text("source").notNull(),
    /** Who last set a tenant's price (the actor's label); null for list prices. */
    updatedBy: text("updated_by"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("model_prices_tenant_model_effective_idx").on(
      sql`coalesce(${t.tenantId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.model,
      t.effectiveFrom,
    ),
  ],
);

export type ModelPriceRow = typeof modelPrices.$inferSelect;
/** A price as the engine applies it: whose row it is and who set it do not change a cost. */
export type ModelPrice = Omit<ModelPriceRow, "tenantId" | "updatedBy" | "updatedAt">;
