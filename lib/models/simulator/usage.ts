import type { LanguageModelV4CallOptions, LanguageModelV4Usage } from "@ai-sdk/provider";

const tokens = (chars: number): number => Math.max(1, Math.ceil(chars / 4));

/**
 * Roughly four characters per token, like the common BPE tokenizers on English and JSON.
 * Everything before the latest assistant message was sent last turn, so it counts as a cache hit.
 */
export function estimateUsage(
  options: Pick<LanguageModelV4CallOptions, "prompt" | "tools">,
  emitted: { text: string; toolInput: string },
): LanguageModelV4Usage {
  const schemas = JSON.stringify(options.tools ?? []).length;
  const input = tokens(JSON.stringify(options.prompt).length + schemas);
  const lastAssistant = options.prompt.findLastIndex((m) => m.role === "assistant");
  const cacheRead =
    lastAssistant > 0
      ? Math.min(input, tokens(JSON.stringify(options.prompt.slice(0, lastAssistant)).length + schemas))
      : 0;
  const text = tokens(emitted.text.length);
  const toolInput = emitted.toolInput ? tokens(emitted.toolInput.length) : 0;
  return {
    inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
    outputTokens: { total: text + toolInput, text: text + toolInput, reasoning: 0 },
  };
}
