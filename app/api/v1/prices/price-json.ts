import { z } from "zod";
import { timestamp } from "@/lib/http/json-shapes";
import type { PriceChange, PriceEntry } from "@/lib/models/price-table";

export const priceJson = z.object({
  model: z.string(),
  effective_from: z.string(),
  input_per_mtok: z.number(),
  cached_input_per_mtok: z.number(),
  output_per_mtok: z.number(),
  reasoning_per_mtok: z.number().nullable(),
  /** Tokens the model takes in one call; null: unknown. */
  context_window: z.number().nullable(),
  source: z.string(),
  note: z.string(),
  tenant: z.boolean(),
  superseded: z.boolean(),
  updated_at: timestamp,
});

export const toPriceJson = (p: PriceEntry): z.input<typeof priceJson> => ({
  model: p.model,
  effective_from: p.effectiveFrom,
  input_per_mtok: p.inputPerMTok,
  cached_input_per_mtok: p.cachedInputPerMTok,
  output_per_mtok: p.outputPerMTok,
  reasoning_per_mtok: p.reasoningPerMTok,
  context_window: p.contextWindow,
  source: p.source,
  note: p.note,
  tenant: p.tenant,
  superseded: p.superseded,
  updated_at: p.updatedAt,
});

export const priceChangeJson = z.object({
  price: priceJson.nullable(),
  recomputed: z.object({
    from: z.string(),
    until: z.string().nullable(),
    runs: z.number(),
    steps: z.number(),
  }),
});

export const toPriceChangeJson = (c: PriceChange): z.input<typeof priceChangeJson> => ({
  price: c.price && toPriceJson(c.price),
  recomputed: {
    from: c.recomputed.from,
    until: c.recomputed.until,
    runs: c.recomputed.runs,
    steps: c.recomputed.steps,
  },
});
