import type { McpCallResult } from "./connection";

/** The most of one MCP result the model reads. */
export const MCP_RESULT_CAP_BYTES = 64 * 1024;

type ContentBlock = McpCallResult["content"][number];

/** The size of base64 data once decoded. */
const decodedBytes = (base64: string) => {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
};

function describeBlock(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type}, ${block.mimeType}, ${decodedBytes(block.data)} bytes]`;
    case "resource_link":
      return `[resource link: ${block.name} ${block.uri}]`;
    case "resource": {
      const { resource } = block;
      if ("text" in resource && typeof resource.text === "string")
        return `[resource ${resource.uri}]\n${resource.text}`;
      const size = "blob" in resource && typeof resource.blob === "string" ? decodedBytes(resource.blob) : 0;
      return `[resource ${resource.uri}, ${resource.mimeType ?? "binary"}, ${size} bytes]`;
    }
    default:
      return `[${(block as { type?: unknown }).type ?? "unknown"} content]`;
  }
}

/**
 * What the model reads of a result: the structured content as JSON when the server gave some (it
 * is the precise form), otherwise the text parts joined, with other parts described by kind and size.
 * An error result reads as its text.
 */
export function resultText(result: McpCallResult): string {
  const blocks = result.content.map(describeBlock).join("\n");
  const structured = result.structuredContent === undefined ? "" : JSON.stringify(result.structuredContent);
  // An error's message is in its text; structured content describes successes.
  if (result.isError) return blocks || structured;
  return structured || blocks;
}

/**
 * The text cut to at most `capBytes` of UTF-8, marker included, on a character boundary, saying so
 * when cut: "[truncated: N of M bytes shown]".
 */
export function capText(text: string, capBytes: number): { text: string; bytes: number; truncated: boolean } {
  const encoded = Buffer.from(text, "utf8");
  const bytes = encoded.byteLength;
  if (bytes <= capBytes) return { text, bytes, truncated: false };
  const marker = (shown: number) => `\n[truncated: ${shown} of ${bytes} bytes shown]`;
  let end = Math.max(0, capBytes - Buffer.byteLength(marker(capBytes)));
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return { text: encoded.subarray(0, end).toString("utf8") + marker(end), bytes, truncated: true };
}
