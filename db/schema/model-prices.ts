import { date, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const perMillion = (name: string) => numeric(name, { precision: 12, scale: 6, mode: "number" });

/** List prices in USD per million tokens, versioned by the date they take effect. */
export const modelPrices = pgTable(
  "model_prices",
  {
    /** `provider:model`, as agents name models. */
    model: text("model").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    inputPerMTok: perMillion("input_per_mtok").notNull(),
    cachedInputPerMTok: perMillion("cached_input_per_mtok").notNull(),
    outputPerMTok: perMillion("output_per_mtok").notNull(),
    /** Null: reasoning tokens are billed as output tokens (most providers). */
    reasoningPerMTok: perMillion("reasoning_per_mtok"),
    source: text("source").notNull(),
  },
  (t) => [primaryKey({ columns: [t.model, t.effectiveFrom] })],
);

export type ModelPrice = typeof modelPrices.$inferSelect;
