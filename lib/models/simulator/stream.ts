import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart } from "@ai-sdk/provider";

/** The same content as doGenerate, cut into the parts a streaming provider sends. */
export function toStreamParts(result: LanguageModelV4GenerateResult): LanguageModelV4StreamPart[] {
  const parts: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: result.warnings }];
  if (result.response) parts.push({ type: "response-metadata", ...result.response });
  result.content.forEach((content, index) => {
    if (content.type === "text") {
      const id = `text_${index}`;
      parts.push({ type: "text-start", id });
      for (const delta of chunks(content.text)) parts.push({ type: "text-delta", id, delta });
      parts.push({ type: "text-end", id });
    } else if (content.type === "tool-call") {
      const id = content.toolCallId;
      parts.push({ type: "tool-input-start", id, toolName: content.toolName });
      for (const delta of chunks(content.input)) parts.push({ type: "tool-input-delta", id, delta });
      parts.push({ type: "tool-input-end", id }, content);
    }
  });
  parts.push({
    type: "finish",
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
  });
  return parts;
}

// Word-sized pieces, so a live view shows text arriving the way it does from a real provider.
function chunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

export function streamOf(parts: LanguageModelV4StreamPart[]): ReadableStream<LanguageModelV4StreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}
