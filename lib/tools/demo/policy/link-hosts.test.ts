import { describe, expect, it } from "vitest";
import { linkHosts } from "./link-hosts";

describe("linkHosts", () => {
  it("finds every spelling of a link a mail client would follow", () => {
    for (const [text, host] of [
      ["see https://evil.com/reset", "evil.com"],
      ["see evil.com/reset", "evil.com"],
      ["see evil.com", "evil.com"],
      ["see //evil.com/x", "evil.com"],
      ["see \\\\evil.com\\x", "evil.com"],
      ["see http:\\\\evil.com", "evil.com"],
      ["see http:/\\evil.com", "evil.com"],
      ["see http:evil.com", "evil.com"],
      ["see www.evil.com", "www.evil.com"],
      ["see https://acme-shop.example@evil.com/", "evil.com"],
      ["see evil．com", "evil.com"],
      ["see аcme-shop.example", "xn--cme-shop-06g.example"], // Cyrillic "а"
    ] as const) {
      expect(linkHosts(text), text).toContain(host);
    }
  });

  it("leaves plain prose, amounts and email addresses alone", () => {
    expect(
      linkHosts(
        "Hello Sofia,\n\nWe have refunded $50.00 on your order O-5017. Write to sofia@example.com. It should arrive in 5-10 business days.",
      ),
    ).toEqual([]);
    expect(linkHosts("Visit https://help.acme-shop.example/returns or acme-shop.example.")).toEqual([
      "acme-shop.example",
      "help.acme-shop.example",
    ]);
  });
});
