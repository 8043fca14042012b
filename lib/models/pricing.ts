import { and, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ModelPrice, modelPrices } from "@/db/schema";
import { SEED_PRICES } from "./price-list";

export type TokenUsage = {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
};

/** USD for one call. Input tokens include cached ones; output tokens include reasoning ones. */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const freshInput = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
  const textOutput = Math.max(0, usage.outputTokens - usage.reasoningTokens);
  const usd =
    freshInput * price.inputPerMTok +
    usage.cachedInputTokens * price.cachedInputPerMTok +
    textOutput * price.outputPerMTok +
    usage.reasoningTokens * (price.reasoningPerMTok ?? price.outputPerMTok);
  return usd / 1_000_000;
}

/** The price in effect for the model on that day, or null: an unknown model is unpriced, never guessed. */
export async function priceAt(db: DbOrTx, model: string, day: Date): Promise<ModelPrice | null> {
  // Simulator modes with a latency suffix (sim:default:250) are priced as their mode.
  const key = model.startsWith("sim:") ? model.split(":").slice(0, 2).join(":") : model;
  const [row] = await db
    .select()
    .from(modelPrices)
    .where(and(eq(modelPrices.model, key), lte(modelPrices.effectiveFrom, day.toISOString().slice(0, 10))))
    .orderBy(desc(modelPrices.effectiveFrom))
    .limit(1);
  return row ?? null;
}

export async function seedModelPrices(db: DbOrTx): Promise<void> {
  await db.insert(modelPrices).values(SEED_PRICES).onConflictDoNothing();
}
