import { parseStorableJson, storable } from "./storable-text";

type Message = { role: string; parts: { type?: unknown; content?: unknown }[] };

/**
 * The text of the last user message in a GenAI `gen_ai.input.messages` attribute (JSON text of
 * `{role, parts}` messages, as the AI SDK's `@ai-sdk/otel` writes it). Text that is not such a
 * list — a plain prompt — is returned as it is. Either way storable (see storable-text.ts).
 */
export function lastUserText(attribute: string): string {
  const messages = parseMessages(attribute);
  if (!messages) return storable(attribute);
  return textOf(messages.filter((m) => m.role === "user").slice(-1));
}

/** The text parts of the assistant messages in `gen_ai.output.messages`; plain text as it is. */
export function assistantText(attribute: string): string {
  const messages = parseMessages(attribute);
  if (!messages) return storable(attribute);
  return textOf(messages.filter((m) => m.role === "assistant"));
}

const textOf = (messages: Message[]): string =>
  messages
    .flatMap((m) => m.parts)
    .flatMap((part) => (part.type === "text" && typeof part.content === "string" ? [part.content] : []))
    .join("\n");

function parseMessages(attribute: string): Message[] | null {
  const value = parseStorableJson(attribute)?.value;
  const isMessage = (m: unknown) =>
    m !== null &&
    typeof m === "object" &&
    typeof (m as Message).role === "string" &&
    Array.isArray((m as Message).parts) &&
    (m as Message).parts.every((part) => part !== null && typeof part === "object");
  return Array.isArray(value) && value.length > 0 && value.every(isMessage) ? (value as Message[]) : null;
}
