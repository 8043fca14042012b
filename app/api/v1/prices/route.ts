import { z } from "zod";
import { getDb } from "@/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { deletePrice, listPrices, setPrice } from "@/lib/models/price-table";
import { priceChangeJson, priceJson, toPriceChangeJson, toPriceJson } from "./price-json";

/** The tenant's price table: list prices and its corrections, newest first per model. */
const priceTable = z.object({ models: z.array(z.object({ model: z.string(), prices: z.array(priceJson) })) });

export const GET = apiRoute(
  { scope: "dashboards:read", responses: { 200: priceTable } },
  async ({ actor }) => {
    const models = await listPrices(getDb(), actor);
    return { models: models.map((m) => ({ model: m.model, prices: m.prices.map(toPriceJson) })) };
  },
);

// Types are checked here; ranges, dates and model names by `setPrice`, with readable messages.
const putBody = z.object({
  model: z.string(),
  effective_from: z.string(),
  input_per_mtok: z.number(),
  cached_input_per_mtok: z.number(),
  output_per_mtok: z.number(),
  /** Null or absent: reasoning tokens are billed at the output price. */
  reasoning_per_mtok: z.number().nullable().optional(),
  /** Null or absent: the window the model list knows for the model. */
  context_window: z.number().nullable().optional(),
  note: z.string().optional(),
});

/** Sets or corrects the tenant's price of a model from a date on; answers how many runs were recomputed. */
export const PUT = apiRoute(
  { scope: "prices:manage", body: putBody, responses: { 200: priceChangeJson } },
  async ({ actor, body }) => {
    const change = await snakeFields(
      setPrice(getDb(), actor, {
        model: body.model,
        effectiveFrom: body.effective_from,
        inputPerMTok: body.input_per_mtok,
        cachedInputPerMTok: body.cached_input_per_mtok,
        outputPerMTok: body.output_per_mtok,
        reasoningPerMTok: body.reasoning_per_mtok,
        contextWindow: body.context_window,
        note: body.note,
      }),
    );
    return toPriceChangeJson(change);
  },
);

/** Deletes the tenant's correction `?model=&effective_from=`: its period is priced as before it again. */
export const DELETE = apiRoute(
  {
    scope: "prices:manage",
    query: z.object({
      model: z.string().default("").describe("The model of the correction, as provider:model."),
      effective_from: z.string().default("").describe("The day the correction takes effect (YYYY-MM-DD)."),
    }),
    responses: { 200: priceChangeJson },
  },
  async ({ actor, query }) => {
    const change = await snakeFields(
      deletePrice(getDb(), actor, { model: query.model, effectiveFrom: query.effective_from }),
    );
    return toPriceChangeJson(change);
  },
);

const SNAKE: Record<string, string> = {
  effectiveFrom: "effective_from",
  inputPerMTok: "input_per_mtok",
  cachedInputPerMTok: "cached_input_per_mtok",
  outputPerMTok: "output_per_mtok",
  reasoningPerMTok: "reasoning_per_mtok",
  contextWindow: "context_window",
};

/** The API names fields in snake_case, as the request did. */
async function snakeFields<T>(body: Promise<T>): Promise<T> {
  try {
    return await body;
  } catch (error) {
    if (!isAppError(error) || !error.field || !SNAKE[error.field]) throw error;
    throw new AppError(error.code, error.message, { field: SNAKE[error.field], cause: error });
  }
}
