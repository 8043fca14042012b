import { setTimeout as sleep } from "node:timers/promises";
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
} from "@ai-sdk/provider";

const TICKETS = Array.from({ length: 16 }, (_, i) => `T-${1001 + i}`);

// The engine appends to one prompt array, so each message is measured once: a zero-latency model
// must not spend the engine's CPU re-serialising the whole conversation on every call.
const messageChars = new WeakMap<object, number>();
function promptChars(prompt: LanguageModelV4CallOptions["prompt"]): number {
  let chars = 0;
  for (const message of prompt) {
    let size = messageChars.get(message);
    if (size === undefined) {
      size = JSON.stringify(message).length;
      messageChars.set(message, size);
    }
    chars += size + 1;
  }
  return chars;
}

/**
 * A stateless model for the engine benchmark: `turns` turns of one get_ticket call each, then a
 * final answer, each after `latencyMs` (0: at once). Token usage grows with the conversation like a
 * real model's would.
 */
export function benchModel(turns: number, latencyMs = 0): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: "bench",
    modelId: `bench-${turns}`,
    supportedUrls: {},
    async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
      if (latencyMs > 0) await sleep(latencyMs);
      const done = options.prompt.filter((m) => m.role === "tool").length;
      const chars = promptChars(options.prompt);
      const usage = {
        inputTokens: {
          total: Math.ceil(chars / 4),
          noCache: Math.ceil(chars / 4),
          cacheRead: 0,
          cacheWrite: 0,
        },
        outputTokens: { total: 20, text: 20, reasoning: 0 },
      };
      if (done >= turns) {
        return {
          content: [{ type: "text", text: `Read ${done} tickets.` }],
          finishReason: { unified: "stop", raw: "stop" },
          usage,
          warnings: [],
        };
      }
      const input = JSON.stringify({ ticket_id: TICKETS[done % TICKETS.length] });
      return {
        content: [{ type: "tool-call", toolCallId: `call_${done}`, toolName: "get_ticket", input }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
    async doStream() {
      throw new Error("the bench model does not stream");
    },
  };
}
