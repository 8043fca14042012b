import type { ModelPrice } from "@/db/schema";

const OPENAI = "OpenAI API pricing page, list prices taken 2025-11-01";
const ANTHROPIC = "Anthropic pricing page, list prices taken 2025-11-01";
const SIMULATED = "simulated: priced like openai:gpt-5-mini so demo dashboards show realistic figures";

/** Context windows in tokens, from the providers' model pages (GPT-5: 272k in + 128k out). */
const GPT_5 = 400_000;
const GPT_4_1 = 1_047_576;
const GPT_4O = 128_000;
const CLAUDE = 200_000;
/** The simulator's window: small, so drills and tests reach it; demo runs stay far below it. */
export const SIMULATOR_WINDOW = 32_000;

/** Seeded list prices in USD per million tokens. Admins correct or add prices; nothing is guessed. */
export const SEED_PRICES: ModelPrice[] = [
  price("openai:gpt-5", 1.25, 0.125, 10, GPT_5, OPENAI),
  price("openai:gpt-5-mini", 0.25, 0.025, 2, GPT_5, OPENAI),
  price("openai:gpt-5-nano", 0.05, 0.005, 0.4, GPT_5, OPENAI),
  price("openai:gpt-4.1", 2, 0.5, 8, GPT_4_1, OPENAI),
  price("openai:gpt-4.1-mini", 0.4, 0.1, 1.6, GPT_4_1, OPENAI),
  price("openai:gpt-4o", 2.5, 1.25, 10, GPT_4O, OPENAI),
  price("openai:gpt-4o-mini", 0.15, 0.075, 0.6, GPT_4O, OPENAI),
  price("anthropic:claude-opus-4-1", 15, 1.5, 75, CLAUDE, ANTHROPIC),
  price("anthropic:claude-sonnet-4-5", 3, 0.3, 15, CLAUDE, ANTHROPIC),
  price("anthropic:claude-haiku-4-5", 1, 0.1, 5, CLAUDE, ANTHROPIC),
  ...["default", "gullible", "looping", "sloppy", "boastful"].map((mode) =>
    price(`sim:${mode}`, 0.25, 0.025, 2, SIMULATOR_WINDOW, SIMULATED),
  ),
];

const LIST_WINDOWS = new Map(SEED_PRICES.map((p) => [p.model, p.contextWindow]));

/**
 * The context window the list knows for a model (its price key), or null: an unknown model's
 * window is not guessed. A price row's own window, when set, comes first.
 */
export const listContextWindow = (priceKey: string): number | null => LIST_WINDOWS.get(priceKey) ?? null;

function price(
  model: string,
  input: number,
  cachedInput: number,
  output: number,
  contextWindow: number,
  source: string,
): ModelPrice {
  return {
    model,
    effectiveFrom: "2025-11-01",
    inputPerMTok: input,
    cachedInputPerMTok: cachedInput,
    outputPerMTok: output,
    reasoningPerMTok: null,
    contextWindow,
    source,
  };
}
