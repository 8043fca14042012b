import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ModelPrice, type ModelPriceRow, modelPrices } from "@/db/schema";
import { utcDay } from "@/lib/day";
import { listContextWindow, SEED_PRICES } from "./price-list";

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

/** Simulator modes with a latency suffix (sim:default:250) are priced as their mode. */
export const priceKey = (model: string): string =>
  model.startsWith("sim:") ? model.split(":").slice(0, 2).join(":") : model;

/** A model's context window in tokens: its price row's, else the list's, else null (unknown). */
export const contextWindowOf = (
  model: string,
  price: Pick<ModelPrice, "contextWindow"> | null,
): number | null => price?.contextWindow ?? listContextWindow(priceKey(model));

/**
 * The price in effect for the model on that day, or null: an unknown model is unpriced, never guessed.
 * The newest row on or before the day wins; on the same date, the tenant's correction wins over the
 * list price. Without a tenant, list prices only.
 */
export async function priceAt(
  db: DbOrTx,
  model: string,
  day: Date | string,
  tenantId?: string,
): Promise<ModelPriceRow | null> {
  const date = typeof day === "string" ? day : utcDay(day);
  const whose = tenantId
    ? or(isNull(modelPrices.tenantId), eq(modelPrices.tenantId, tenantId))
    : isNull(modelPrices.tenantId);
  const [row] = await db
    .select()
    .from(modelPrices)
    .where(and(eq(modelPrices.model, priceKey(model)), lte(modelPrices.effectiveFrom, date), whose))
    .orderBy(desc(modelPrices.effectiveFrom), sql`${modelPrices.tenantId} is null`)
    .limit(1);
  return row ?? null;
}

export async function seedModelPrices(db: DbOrTx): Promise<void> {
  await db.insert(modelPrices).values(SEED_PRICES).onConflictDoNothing();
}
