import type { ModelPrice } from "@/db/schema";

/** The most output a model call is assumed to produce when its worst case is reserved. */
export const MAX_OUTPUT_TOKENS = 4096;

/** Characters per token for the estimate: rough, but the same rule for every provider. */
const CHARS_PER_TOKEN = 4;

export const estimateTokens = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

/**
 * The worst case of one model call: the estimated prompt plus the maximum output, all billed at the
 * full (uncached) input price and the dearer of the output and reasoning prices. Rounded up to the
 * ledger's precision, so a reservation is released exactly.
 */
export function worstCase(
  promptChars: number,
  price: ModelPrice | null,
): { tokens: number; usd: number | null } {
  const input = estimateTokens(promptChars);
  const tokens = input + MAX_OUTPUT_TOKENS;
  if (!price) return { tokens, usd: null };
  const output = Math.max(price.outputPerMTok, price.reasoningPerMTok ?? 0);
  const usd = (input * price.inputPerMTok + MAX_OUTPUT_TOKENS * output) / 1_000_000;
  return { tokens, usd: Math.ceil(usd * 1_000_000) / 1_000_000 };
}
