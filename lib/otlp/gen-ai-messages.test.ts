import { describe, expect, it } from "vitest";
import { assistantText, lastUserText } from "./gen-ai-messages";

const messages = (...list: object[]) => JSON.stringify(list);
const text = (content: string) => ({ type: "text", content });

describe("GenAI messages as text", () => {
  it("states the last user message of a conversation as its text parts", () => {
    const input = messages(
      { role: "user", parts: [text("Hello")] },
      { role: "assistant", parts: [text("Hi, how can I help?")] },
      { role: "user", parts: [text("Where is order 17?"), { type: "blob", content: "…" }, text("Quickly.")] },
    );
    expect(lastUserText(input)).toBe("Where is order 17?\nQuickly.");
  });

  it("answers with the assistant's text, not its tool calls", () => {
    const output = messages({
      role: "assistant",
      parts: [
        { type: "tool_call", id: "call_1", name: "lookup_order", arguments: { order: 17 } },
        { type: "tool_call_response", id: "call_1", response: { status: "shipped" } },
        text("Order 17 has shipped."),
      ],
      finish_reason: "stop",
    });
    expect(assistantText(output)).toBe("Order 17 has shipped.");
    const onlyToolCalls = messages({ role: "assistant", parts: [{ type: "tool_call", name: "x" }] });
    expect(assistantText(onlyToolCalls)).toBe("");
  });

  it("keeps text that is not a list of messages as it is", () => {
    for (const plain of ["Where is order 17?", "[1, 2]", '{"role":"user"}', "[]", ""])
      expect(lastUserText(plain)).toBe(plain);
    const partsNotAList = '[{"role":"assistant","parts":"text"}]';
    expect(assistantText(partsNotAList)).toBe(partsNotAList);
  });

  it("answers with text PostgreSQL stores, whatever the JSON escapes", () => {
    const input =
      '[{"role":"user","parts":[{"type":"text","content":"Where is \\u0000 order 17?"}]},' +
      '{"role":"assistant","parts":[{"type":"text","content":"Shipped \\ud83d 😀 \\udc00"}]}]';
    expect(lastUserText(input)).toBe("Where is \uFFFD order 17?");
    expect(assistantText(input)).toBe("Shipped \uFFFD 😀 \uFFFD");
    expect(lastUserText("a plain \u0000 prompt \ud800")).toBe("a plain \uFFFD prompt \uFFFD");
  });
});
