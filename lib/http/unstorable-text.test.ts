import { describe, expect, it } from "vitest";
import { formText, formTexts } from "./form-input";
import { hasUnstorableText, unstorableTextAt } from "./unstorable-text";

describe("text that cannot be stored", () => {
  it("finds NUL characters and lone surrogates, and passes any well-formed text", () => {
    expect(hasUnstorableText("a\u0000b")).toBe(true);
    expect(hasUnstorableText("\ud800")).toBe(true);
    expect(hasUnstorableText("x\udfffy")).toBe(true);
    expect(hasUnstorableText("emoji 😀, accents éà, CJK 漢字")).toBe(false);
  });

  it("names where it is in a JSON value, keys included", () => {
    expect(unstorableTextAt({ agent: "ok", args: { note: ["fine", "bad\u0000"] } })).toBe("args.note[1]");
    expect(unstorableTextAt({ "k\u0000": 1 })).toBe("k\u0000");
    expect(unstorableTextAt({ a: 1, b: [true, null, "ok"] })).toBeNull();
  });
});

describe("reading a server action's form", () => {
  it("reads anything that is not a form as an empty one", () => {
    const form = new FormData();
    form.set("name", "Ada");
    form.append("tag", "a");
    form.append("tag", "b");
    expect(formText(form, "name")).toBe("Ada");
    expect(formText(form, "missing")).toBe("");
    expect(formTexts(form, "tag")).toEqual(["a", "b"]);
    for (const notAForm of [undefined, null, 0, "x", {}, []]) {
      expect(formText(notAForm, "name")).toBe("");
      expect(formTexts(notAForm, "tag")).toEqual([]);
    }
  });
});
