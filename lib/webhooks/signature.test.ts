import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./signature";

describe("webhook signatures", () => {
  const body = JSON.stringify({ event: "run.ended", run: { id: "r1" } });

  it("verifies what it signed, within the tolerance", () => {
    const header = signWebhook("s3cret", body, 1_000_000);
    expect(header).toMatch(/^t=1000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook("s3cret", header, body, 1_000_000 + 299)).toBe(true);
  });

  it("refuses another body, another secret, an old or a malformed signature", () => {
    const header = signWebhook("s3cret", body, 1_000_000);
    expect(verifyWebhook("s3cret", header, `${body} `, 1_000_000)).toBe(false);
    expect(verifyWebhook("other", header, body, 1_000_000)).toBe(false);
    expect(verifyWebhook("s3cret", header, body, 1_000_000 + 301)).toBe(false);
    expect(verifyWebhook("s3cret", header.replace("t=1000000", "t=1000001"), body, 1_000_000)).toBe(false);
    for (const bad of [null, "", "v1=abc", "t=x,v1=00", "t=1000000"])
      expect(verifyWebhook("s3cret", bad, body, 1_000_000)).toBe(false);
  });
});
