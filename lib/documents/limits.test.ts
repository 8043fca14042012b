import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_BYTES, newDocumentSchema } from "./limits";

const problem = (input: unknown) => {
  const parsed = newDocumentSchema.safeParse(input);
  return parsed.success ? null : parsed.error.issues[0]?.message;
};

describe("a new document", () => {
  it("trims the title and source, and keeps the text as written", () => {
    expect(newDocumentSchema.parse({ title: "  Returns ", text: " a\n\nb ", source: " kb " })).toEqual({
      title: "Returns",
      text: " a\n\nb ",
      source: "kb",
    });
  });

  it("refuses a missing title, blank text, text over 1 MiB, NUL and lone surrogates", () => {
    expect(problem({ title: " ", text: "x" })).toMatch(/title/);
    expect(problem({ title: "t", text: " \n " })).toMatch(/no text/);
    expect(problem({ title: "t", text: "é".repeat(MAX_DOCUMENT_BYTES / 2 + 1) })).toMatch(
      /at most 1048576 bytes/,
    );
    expect(problem({ title: "t", text: "a\u0000b" })).toMatch(/NUL/);
    expect(problem({ title: "t\uD800", text: "x" })).toMatch(/invalid Unicode/);
    expect(problem({ title: "t", text: "x", source: "s".repeat(501) })).toMatch(/at most 500/);
    expect(problem({ title: "t", text: 42 })).toMatch(/text/);
  });
});
