import type { LanguageModelV4CallOptions, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";
import type { CallResult, PastCall, ToolArgs, Transcript } from "./types";

type Prompt = LanguageModelV4CallOptions["prompt"];

export function readTranscript(options: Pick<LanguageModelV4CallOptions, "prompt" | "tools">): Transcript {
  const { prompt } = options;
  const results = new Map<string, CallResult>();
  for (const message of prompt) {
    if (message.role !== "tool" && message.role !== "assistant") continue;
    for (const part of message.content) {
      if (part.type === "tool-result") results.set(part.toolCallId, readOutput(part.output));
    }
  }
  const history: PastCall[] = [];
  for (const message of prompt) {
    if (message.role !== "assistant") continue;
    for (const part of message.content) {
      if (part.type !== "tool-call") continue;
      history.push({
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: readInput(part.input),
        result: results.get(part.toolCallId) ?? { ok: false, error: "no result was returned for this call" },
      });
    }
  }
  return {
    instructions: prompt.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n"),
    goal: firstUserText(prompt),
    toolNames: (options.tools ?? []).map((t) => t.name),
    turn: prompt.filter((m) => m.role === "assistant").length + 1,
    history,
  };
}

function firstUserText(prompt: Prompt): string {
  for (const message of prompt) {
    if (message.role !== "user") continue;
    return message.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n");
  }
  return "";
}

// Engines that store calls may hand the input back as the JSON string the model emitted.
function readInput(input: unknown): ToolArgs {
  const value = typeof input === "string" ? parseJson(input) : input;
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ToolArgs) : {};
}

export function readOutput(output: LanguageModelV4ToolResultOutput): CallResult {
  switch (output.type) {
    case "json":
      return fromValue(output.value);
    case "text":
      return fromValue(parseJson(output.value) ?? output.value);
    case "content":
      return fromValue(output.value.map((p) => (p.type === "text" ? p.text : "")).join("\n"));
    case "error-text":
      return { ok: false, error: output.value };
    case "error-json":
      return { ok: false, error: errorMessage(output.value) ?? JSON.stringify(output.value) };
    case "execution-denied":
      return { ok: false, error: `denied${output.reason ? `: ${output.reason}` : ""}` };
  }
}

function fromValue(value: unknown): CallResult {
  const error = errorMessage(value);
  return error === undefined ? { ok: true, value } : { ok: false, error };
}

function errorMessage(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || !("error" in value)) return undefined;
  const error = (value as { error: unknown }).error;
  if (error === null || error === undefined || error === false) return undefined;
  if (typeof error === "string") return error;
  if (typeof error === "object" && "message" in error && typeof error.message === "string")
    return error.message;
  return JSON.stringify(error);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
