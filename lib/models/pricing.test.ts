import { describe, expect, it } from "vitest";
import { costOf, priceKey } from "./pricing";

const price = {
  model: "openai:gpt-5",
  effectiveFrom: "2025-11-01",
  inputPerMTok: 2,
  cachedInputPerMTok: 0.5,
  outputPerMTok: 8,
  reasoningPerMTok: 16 as number | null,
  contextWindow: null,
  source: "test",
};

describe("costOf", () => {
  it("bills fresh input, cached input, text output and reasoning each at its own price", () => {
    // Usage counts cached tokens inside input and reasoning tokens inside output.
    const usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 300_000,
      reasoningTokens: 100_000,
    };
    expect(costOf(usage, price)).toBeCloseTo(0.6 * 2 + 0.4 * 0.5 + 0.2 * 8 + 0.1 * 16, 12);
  });

  it("bills reasoning at the output price when the model has no reasoning price", () => {
    const usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 500_000, reasoningTokens: 250_000 };
    expect(costOf(usage, { ...price, reasoningPerMTok: null })).toBeCloseTo(0.5 * 8, 12);
  });

  it("never bills a negative count when a provider reports more cached than input tokens", () => {
    const usage = { inputTokens: 10, cachedInputTokens: 20, outputTokens: 5, reasoningTokens: 9 };
    expect(costOf(usage, price)).toBeCloseTo((20 * 0.5 + 9 * 16) / 1e6, 15);
  });
});

describe("priceKey", () => {
  it("prices a simulator mode with a latency suffix as its mode, other models as named", () => {
    expect(priceKey("sim:default:250")).toBe("sim:default");
    expect(priceKey("compat:llama3.1:8b")).toBe("compat:llama3.1:8b");
  });
});
