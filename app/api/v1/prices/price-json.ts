import type { PriceChange, PriceEntry } from "@/lib/models/price-table";

export const toPriceJson = (p: PriceEntry) => ({
  model: p.model,
  effective_from: p.effectiveFrom,
  input_per_mtok: p.inputPerMTok,
  cached_input_per_mtok: p.cachedInputPerMTok,
  output_per_mtok: p.outputPerMTok,
  reasoning_per_mtok: p.reasoningPerMTok,
  source: p.source,
  note: p.note,
  tenant: p.tenant,
  superseded: p.superseded,
  updated_at: p.updatedAt,
});

export const toPriceChangeJson = (c: PriceChange) => ({
  price: c.price && toPriceJson(c.price),
  recomputed: {
    from: c.recomputed.from,
    until: c.recomputed.until,
    runs: c.recomputed.runs,
    steps: c.recomputed.steps,
  },
});
