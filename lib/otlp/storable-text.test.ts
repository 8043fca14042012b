import { describe, expect, it } from "vitest";
import { hasUnstorableText, unstorableTextAt } from "@/lib/http/unstorable-text";
import { parseStorableJson, storable, storableCut } from "./storable-text";

describe("storable text", () => {
  it("replaces NUL characters and lone surrogate halves, and keeps everything else", () => {
    expect(storable("a\u0000b\ud800c\udfffd")).toBe("a\uFFFDb\uFFFDc\uFFFDd");
    expect(storable("emoji 😀, accents éà, CJK 漢字")).toBe("emoji 😀, accents éà, CJK 漢字");
  });

  it("cuts between characters, never through a surrogate pair", () => {
    expect(storableCut(`${"a".repeat(999)}😀`, 1000)).toBe("a".repeat(999));
    expect(storableCut(`${"a".repeat(998)}😀`, 1000)).toBe(`${"a".repeat(998)}😀`);
    expect(storableCut(`${"a".repeat(998)}😀b`, 1000)).toBe(`${"a".repeat(998)}😀`);
    expect(storableCut("ab\u0000cd", 4)).toBe("ab\uFFFDc");
    // A lone half at the cut is dropped; one inside is replaced.
    expect(storableCut("a\udc00b\ud800c", 4)).toBe("a\uFFFDb");
    for (let max = 1; max <= 10; max++) {
      const cut = storableCut("x😀y😀\u0000😀z", max);
      expect(hasUnstorableText(cut), `cut at ${max}`).toBe(false);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.length).toBeGreaterThanOrEqual(max - 1);
    }
  });

  it("reads JSON text with every string in it storable, keys too", () => {
    const read = parseStorableJson('{"x":"\\u0000","y":"\\ud800","ok":["😀",{"k\\u0000":1}],"n":null}');
    expect(read).toEqual({ value: { x: "\uFFFD", y: "\uFFFD", ok: ["😀", { "k\uFFFD": 1 }], n: null } });
    expect(unstorableTextAt(read?.value)).toBeNull();
    // "__proto__" stays a key, as JSON.parse leaves it.
    expect(Object.keys(parseStorableJson('{"__proto__":{"a":"\\u0000"}}')?.value as object)).toEqual([
      "__proto__",
    ]);
    expect(parseStorableJson("null")).toEqual({ value: null });
    expect(parseStorableJson('"\\ud800"')).toEqual({ value: "\uFFFD" });
    expect(parseStorableJson("not json")).toBeNull();
  });

  it("leaves JSON nested past the depth it reads as text", () => {
    expect(parseStorableJson(`${"[".repeat(64)}${"]".repeat(64)}`)).not.toBeNull();
    expect(parseStorableJson(`${"[".repeat(65)}${"]".repeat(65)}`)).toBeNull();
    expect(parseStorableJson(`${"[".repeat(16_000)}${"]".repeat(16_000)}`)).toBeNull();
  });
});
