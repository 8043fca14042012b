import { and, desc, eq, getTableColumns, isNull, lte, or, type SQL, sql } from "drizzle-orm";
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
  const [row] = await db
    .select()
    .from(modelPrices)
    .where(priceInEffect(model, day, tenantId))
    .orderBy(...PRICE_ORDER)
    .limit(1);
  return row ?? null;
}

/**
 * priceAt's answer with a stamp of it: the md5 of the whole row, null when unpriced. The same
 * stamp read again by `priceStampSql` differs as soon as anything changes which price applies.
 */
export async function stampedPriceAt(
  db: DbOrTx,
  model: string,
  day: Date | string,
  tenantId: string,
): Promise<{ price: ModelPriceRow | null; stamp: string | null }> {
  const [row] = await db
    .select({ price: getTableColumns(modelPrices), stamp: sql<string>`md5(${modelPrices}::text)` })
    .from(modelPrices)
    .where(priceInEffect(model, day, tenantId))
    .orderBy(...PRICE_ORDER)
    .limit(1);
  return { price: row?.price ?? null, stamp: row?.stamp ?? null };
}

/** The stamp of stampedPriceAt as a scalar subquery, to check a remembered price inside a statement. */
export const priceStampSql = (model: string, day: Date | string, tenantId: string): SQL =>
  sql`(select md5(${modelPrices}::text) from ${modelPrices} where ${priceInEffect(model, day, tenantId)}
    order by ${sql.join(PRICE_ORDER, sql`, `)} limit 1)`;

const PRICE_ORDER = [desc(modelPrices.effectiveFrom), sql`${modelPrices.tenantId} is null`];

function priceInEffect(model: string, day: Date | string, tenantId?: string): SQL | undefined {
  const date = typeof day === "string" ? day : utcDay(day);
  const whose = tenantId
    ? or(isNull(modelPrices.tenantId), eq(modelPrices.tenantId, tenantId))
    : isNull(modelPrices.tenantId);
  return and(eq(modelPrices.model, priceKey(model)), lte(modelPrices.effectiveFrom, date), whose);
}

export async function seedModelPrices(db: DbOrTx): Promise<void> {
  await db.insert(modelPrices).values(SEED_PRICES).onConflictDoNothing();
}
