import type { ModelPrice } from "@/db/schema";

const OPENAI = "OpenAI API pricing page, list prices taken 2025-11-01";
const ANTHROPIC = "Anthropic pricing page, list prices taken 2025-11-01";
const SIMULATED = "simulated: priced like openai:gpt-5-mini so demo dashboards show realistic figures";

/** Seeded list prices in USD per million tokens. Admins correct or add prices; nothing is guessed. */
export const SEED_PRICES: ModelPrice[] = [
  price("openai:gpt-5", 1.25, 0.125, 10, OPENAI),
  price("openai:gpt-5-mini", 0.25, 0.025, 2, OPENAI),
  price("openai:gpt-5-nano", 0.05, 0.005, 0.4, OPENAI),
  price("openai:gpt-4.1", 2, 0.5, 8, OPENAI),
  price("openai:gpt-4.1-mini", 0.4, 0.1, 1.6, OPENAI),
  price("openai:gpt-4o", 2.5, 1.25, 10, OPENAI),
  price("openai:gpt-4o-mini", 0.15, 0.075, 0.6, OPENAI),
  price("anthropic:claude-opus-4-1", 15, 1.5, 75, ANTHROPIC),
  price("anthropic:claude-sonnet-4-5", 3, 0.3, 15, ANTHROPIC),
  price("anthropic:claude-haiku-4-5", 1, 0.1, 5, ANTHROPIC),
  ...["default", "gullible", "looping", "sloppy", "boastful"].map((mode) =>
    price(`sim:${mode}`, 0.25, 0.025, 2, SIMULATED),
  ),
];

function price(
  model: string,
  input: number,
  cachedInput: number,
  output: number,
  source: string,
): ModelPrice {
  return {
    model,
    effectiveFrom: "2025-11-01",
    inputPerMTok: input,
    cachedInputPerMTok: cachedInput,
    outputPerMTok: output,
    reasoningPerMTok: null,
    source,
  };
}
