import type { LanguageModelV4Message, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";
import { canonicalJson } from "@/lib/canonical-json";

type ToolMessage = Extract<LanguageModelV4Message, { role: "tool" }>;

/** One tool result sent shorter than it is: its call, the step that keeps it whole, and the sizes. */
export type ClippedResult = { toolCallId: string; step: number | null; chars: number; sentChars: number };

/** Where each tool call's whole result is stored: the run's step number, if known. */
export type StepOf = (toolCallId: string) => number | undefined;

/**
 * The text a clipped tool result is cut from: its error text, or its JSON with keys in canonical
 * order (RFC 8785), so a run resumed from its stored steps (jsonb orders keys its own way) clips
 * every result exactly as before.
 */
function outputText(output: LanguageModelV4ToolResultOutput): string | null {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return canonicalJson(output.value);
    default:
      return null;
  }
}

export const clipPointer = (shown: number, chars: number, step: number | null): string =>
  `[result clipped: ${shown} of ${chars} chars; the full result is stored on ${step === null ? "the run's steps" : `step ${step}`}]`;

// A clipped message is the same for the same message and size on every turn: made once, counted once.
const made = new WeakMap<ToolMessage, Map<number, { message: ToolMessage; clipped: ClippedResult[] }>>();

/**
 * The tool message with each result longer than `maxChars` cut to its first `maxChars` characters
 * and a pointer to the step that stores it whole; the same object when nothing is that long.
 */
export function clipToolMessage(
  message: ToolMessage,
  maxChars: number,
  stepOf: StepOf,
): { message: ToolMessage; clipped: ClippedResult[] } {
  const bySize = made.get(message) ?? new Map();
  const known = bySize.get(maxChars);
  if (known) return known;
  const clipped: ClippedResult[] = [];
  const content = message.content.map((part) => {
    if (part.type !== "tool-result") return part;
    const text = outputText(part.output);
    if (text === null || text.length <= maxChars) return part;
    const step = stepOf(part.toolCallId) ?? null;
    clipped.push({ toolCallId: part.toolCallId, step, chars: text.length, sentChars: maxChars });
    const value = `${text.slice(0, maxChars)}\n${clipPointer(maxChars, text.length, step)}`;
    const isError = part.output.type.startsWith("error");
    return { ...part, output: { type: isError ? "error-text" : "text", value } as const };
  });
  const result = { message: clipped.length ? { ...message, content } : message, clipped };
  bySize.set(maxChars, result);
  made.set(message, bySize);
  return result;
}
