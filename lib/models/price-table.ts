import { and, asc, desc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type ModelPriceRow, modelPrices } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { utcToday } from "@/lib/day";
import { AppError } from "@/lib/errors";
import { parseModelName } from "./model-name";
import { listContextWindow } from "./price-list";
import { priceKey } from "./pricing";
import { type Recomputed, recomputeCosts } from "./recompute-costs";

export type PriceEntry = {
  model: string;
  effectiveFrom: string;
  inputPerMTok: number;
  cachedInputPerMTok: number;
  outputPerMTok: number;
  /** Null: reasoning tokens are billed at the output price. */
  reasoningPerMTok: number | null;
  /** Tokens the model takes in one call (prompt and output); the list's window unless the row sets one. */
  contextWindow: number | null;
  /** `list`, or `tenant: <who set it>`. */
  source: string;
  /** Where a list price comes from, or the tenant's correction note. */
  note: string;
  /** A tenant's correction: it can be deleted, and the list price of that date (if any) applies again. */
  tenant: boolean;
  /** A list price replaced by the tenant's correction of the same date. */
  superseded: boolean;
  updatedAt: string;
};

export type ModelPriceHistory = { model: string; prices: PriceEntry[] };

/** The prices a tenant's runs are charged: the list prices and the tenant's corrections, newest first per model. */
export async function listPrices(db: Db, actor: Actor): Promise<ModelPriceHistory[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db
    .select()
    .from(modelPrices)
    .where(or(isNull(modelPrices.tenantId), eq(modelPrices.tenantId, actor.tenantId)))
    .orderBy(asc(modelPrices.model), desc(modelPrices.effectiveFrom), sql`${modelPrices.tenantId} is null`);
  const byModel = new Map<string, PriceEntry[]>();
  for (const row of rows) {
    const list = byModel.get(row.model) ?? [];
    const superseded =
      row.tenantId === null && list.some((p) => p.tenant && p.effectiveFrom === row.effectiveFrom);
    list.push(toEntry(row, superseded));
    byModel.set(row.model, list);
  }
  return [...byModel].map(([model, prices]) => ({ model, prices }));
}

const perMTok = (what: string) =>
  z
    .number({ error: `${what} must be a number (USD per million tokens).` })
    .finite()
    .min(0, `${what} cannot be negative.`)
    .max(999_999, `${what} must be below 1,000,000 USD per million tokens.`);

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Give the date as YYYY-MM-DD.")
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "That is not a calendar date.",
    },
  );

const modelName = z
  .string()
  .trim()
  .min(1, "Name the model as provider:model, e.g. openai:gpt-5-mini.")
  .transform((name) => priceKey(parseModelName(name).full));

export const setPriceSchema = z.object({
  model: modelName,
  effectiveFrom: day.refine((d) => d <= utcToday(), {
    message:
      "The date is in the future: prices are corrected for days that have happened (today, UTC, at the latest).",
  }),
  inputPerMTok: perMTok("The input price"),
  cachedInputPerMTok: perMTok("The cached input price"),
  outputPerMTok: perMTok("The output price"),
  reasoningPerMTok: perMTok("The reasoning price").nullable().optional(),
  /** Null or absent: the window the model list knows for the model. */
  contextWindow: z
    .number({ error: "The context window must be a whole number of tokens." })
    .int("The context window must be a whole number of tokens.")
    .min(1024, "The context window must be at least 1,024 tokens.")
    .max(100_000_000, "The context window must be below 100,000,000 tokens.")
    .nullable()
    .optional(),
  note: z.string().trim().max(500).optional(),
});

export const deletePriceSchema = z.object({ model: modelName, effectiveFrom: day });

export type PriceChange = { price: PriceEntry | null; recomputed: Recomputed };

/**
 * Sets or corrects the tenant's price of a model from a date on. The tenant's recorded costs in the
 * period that price governs are recomputed in the same transaction, with the audit entry.
 */
export async function setPrice(
  db: Db,
  actor: Actor,
  input: z.input<typeof setPriceSchema>,
): Promise<PriceChange> {
  assertScope(actor, "prices:manage");
  const p = parse(setPriceSchema, input);
  return changePrice(db, actor, p, "price.set", async (tx, where) => {
    const values = {
      inputPerMTok: p.inputPerMTok,
      cachedInputPerMTok: p.cachedInputPerMTok,
      outputPerMTok: p.outputPerMTok,
      reasoningPerMTok: p.reasoningPerMTok ?? null,
      contextWindow: p.contextWindow ?? null,
      source: p.note || "Corrected by the tenant",
      updatedBy: actor.label,
      updatedAt: new Date(),
    };
    const [before] = await tx.select().from(modelPrices).where(where);
    const [after] = before
      ? await tx.update(modelPrices).set(values).where(where).returning()
      : await tx
          .insert(modelPrices)
          .values({ ...values, tenantId: actor.tenantId, model: p.model, effectiveFrom: p.effectiveFrom })
          .returning();
    if (!after) throw new Error("price not saved");
    return { before: before ?? null, after };
  });
}

/** Deletes a tenant's correction: the list price (or the tenant's earlier price) governs its period again. */
export async function deletePrice(
  db: Db,
  actor: Actor,
  input: z.input<typeof deletePriceSchema>,
): Promise<PriceChange> {
  assertScope(actor, "prices:manage");
  const p = parse(deletePriceSchema, input);
  return changePrice(db, actor, p, "price.deleted", async (tx, where) => {
    const [before] = await tx.delete(modelPrices).where(where).returning();
    if (!before)
      throw new AppError(
        "not_found",
        `${actor.tenantName} has no price of ${p.model} from ${p.effectiveFrom} to delete (list prices cannot be deleted, only corrected).`,
      );
    return { before, after: null };
  });
}

/** Zod's first problem as a message a person can read, naming the field. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError("invalid_input", issue?.message ?? "Invalid price.", {
    field: issue?.path.join(".") || undefined,
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Rows = { before: ModelPriceRow | null; after: ModelPriceRow | null };

/** One change of a tenant's price: the write, the recompute and the audit entry in one transaction. */
function changePrice(
  db: Db,
  actor: Actor,
  key: { model: string; effectiveFrom: string },
  action: "price.set" | "price.deleted",
  write: (tx: Tx, where: ReturnType<typeof tenantRow>) => Promise<Rows>,
): Promise<PriceChange> {
  return db.transaction(async (tx) => {
    // One price change of a tenant at a time: each recompute sees the previous one's result.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`model_prices:${actor.tenantId}`}))`);
    const { before, after } = await write(tx, tenantRow(actor, key.model, key.effectiveFrom));
    const recomputed = await recomputeCosts(tx, actor.tenantId, key.model, key.effectiveFrom);
    await recordAudit(tx, actor, {
      action,
      targetType: "model_price",
      targetId: `${key.model}@${key.effectiveFrom}`,
      details: {
        before: before && auditPrice(before),
        ...(after ? { after: auditPrice(after) } : {}),
        recomputed,
      },
    });
    return { price: after && toEntry(after, false), recomputed };
  });
}

const tenantRow = (actor: Actor, model: string, effectiveFrom: string) =>
  and(
    eq(modelPrices.tenantId, actor.tenantId),
    eq(modelPrices.model, model),
    eq(modelPrices.effectiveFrom, effectiveFrom),
  );

const auditPrice = (row: ModelPriceRow) => ({
  model: row.model,
  effectiveFrom: row.effectiveFrom,
  inputPerMTok: row.inputPerMTok,
  cachedInputPerMTok: row.cachedInputPerMTok,
  outputPerMTok: row.outputPerMTok,
  reasoningPerMTok: row.reasoningPerMTok,
  contextWindow: row.contextWindow,
});

function toEntry(row: ModelPriceRow, superseded: boolean): PriceEntry {
  const tenant = row.tenantId !== null;
  return {
    model: row.model,
    effectiveFrom: row.effectiveFrom,
    inputPerMTok: row.inputPerMTok,
    cachedInputPerMTok: row.cachedInputPerMTok,
    outputPerMTok: row.outputPerMTok,
    reasoningPerMTok: row.reasoningPerMTok,
    contextWindow: row.contextWindow ?? listContextWindow(row.model),
    source: tenant ? `tenant: ${row.updatedBy ?? "unknown"}` : "list",
    note: row.source,
    tenant,
    superseded,
    updatedAt: row.updatedAt.toISOString(),
  };
}
