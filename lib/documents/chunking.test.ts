import { describe, expect, it } from "vitest";
import { CHUNK_MAX, CHUNK_OVERLAP, CHUNK_TARGET, chunkText } from "./chunking";

const paragraph = (n: number, words = 40) =>
  Array.from({ length: words }, (_, i) => `word${n}x${i}`).join(" ");

describe("chunkText", () => {
  it("keeps a short document whole, without its surrounding blank lines", () => {
    expect(chunkText("\n\n  Returns within 30 days.\n\nKeep the receipt.  \n")).toEqual([
      "Returns within 30 days.\n\nKeep the receipt.",
    ]);
  });

  it("packs whole paragraphs up to the target and repeats the end of each chunk at the next's start", () => {
    const text = Array.from({ length: 12 }, (_, n) => paragraph(n)).join("\n\n");
    const chunks = chunkText(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(CHUNK_MAX);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThan(CHUNK_TARGET / 2);
    for (let i = 1; i < chunks.length; i++) {
      const carried = chunks[i]?.split("\n\n")[0] ?? "";
      expect(carried.length).toBeLessThanOrEqual(CHUNK_OVERLAP);
      expect(chunks[i - 1]?.endsWith(carried)).toBe(true);
      // From a word's start: never half a word.
      expect(carried).toMatch(/^word\d+x\d+/);
    }
    // Every paragraph is found whole in some chunk.
    for (let n = 0; n < 12; n++) expect(chunks.some((c) => c.includes(paragraph(n)))).toBe(true);
  });

  it("cuts a paragraph longer than the maximum after a sentence, or a word when it has none", () => {
    const sentences = Array.from({ length: 150 }, (_, i) => `Sentence number ${i} ends here.`).join(" ");
    const chunks = chunkText(sentences);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_MAX);
      expect(chunk.endsWith(".")).toBe(true);
    }
    const unbroken = "x".repeat(5000);
    expect(chunkText(unbroken).every((c) => c.length <= CHUNK_MAX)).toBe(true);
  });

  it("reads Windows and old Mac line ends as paragraph breaks", () => {
    expect(chunkText("One.\r\n\r\nTwo.\r\rThree.")).toEqual(["One.\n\nTwo.\n\nThree."]);
  });

  it("returns nothing for blank text", () => {
    expect(chunkText(" \n\n \t")).toEqual([]);
  });
});
