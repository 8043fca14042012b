import { describe, expect, it } from "vitest";
import { callbackPath } from "./callback-path";

describe("where signing in lands", () => {
  it("keeps a path of this app, with its query", () => {
    expect(callbackPath("/invite/abc")).toBe("/invite/abc");
    expect(callbackPath("/runs?status=failed#top")).toBe("/runs?status=failed#top");
  });

  it("refuses anything that would leave the site, and lands on the runs list instead", () => {
    for (const value of [
      undefined,
      "",
      "https://evil.example/x",
      "//evil.example/login",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
    ])
      expect(callbackPath(value), String(value)).toBe("/runs");
  });
});
