import { describe, expect, it } from "vitest";
import { capText, resultText } from "./result-text";

describe("MCP result text", () => {
  it("joins text parts and describes the others", () => {
    const text = resultText({
      content: [
        { type: "text", text: "Two files:" },
        { type: "image", mimeType: "image/png", data: "iVBORw0KGgo=" },
        { type: "audio", mimeType: "audio/wav", data: "UklGRg==" },
        { type: "resource_link", name: "report", uri: "file:///report.pdf" },
        { type: "resource", resource: { uri: "file:///a.txt", text: "hello" } },
        {
          type: "resource",
          resource: { uri: "file:///b.bin", mimeType: "application/zip", blob: "UEsDBA==" },
        },
      ],
    });
    expect(text).toBe(
      [
        "Two files:",
        "[image, image/png, 8 bytes]",
        "[audio, audio/wav, 4 bytes]",
        "[resource link: report file:///report.pdf]",
        "[resource file:///a.txt]\nhello",
        "[resource file:///b.bin, application/zip, 4 bytes]",
      ].join("\n"),
    );
  });

  it("prefers structured content, except for errors", () => {
    const structured = { content: [{ type: "text" as const, text: "done" }], structuredContent: { id: 1 } };
    expect(resultText(structured)).toBe('{"id":1}');
    expect(resultText({ ...structured, isError: true })).toBe("done");
    expect(resultText({ content: [], structuredContent: { error: "no" }, isError: true })).toBe(
      '{"error":"no"}',
    );
  });

  it("caps text on a character boundary, marker included", () => {
    expect(capText("short", 100)).toEqual({ text: "short", bytes: 5, truncated: false });
    const capped = capText("é".repeat(100), 60);
    expect(Buffer.byteLength(capped.text)).toBeLessThanOrEqual(60);
    expect(capped.text).toMatch(/^é+\n\[truncated: \d+ of 200 bytes shown\]$/);
    expect(capped).toMatchObject({ bytes: 200, truncated: true });
  });
});
