import { describe, expect, it } from "vitest";
import { formatInZone, formatUtc } from "./format";

const at = "2026-12-06T23:14:05.123Z";

describe("formatInZone", () => {
  it("writes UTC as before, and another zone in the same layout with its name", () => {
    expect(formatInZone(at, "UTC")).toBe("2026-12-06 23:14:05 UTC");
    expect(formatInZone(at, "UTC")).toBe(formatUtc(at));
    // The next day in Paris (UTC+1 in winter); New York is five hours behind.
    expect(formatInZone(at, "Europe/Paris")).toBe("2026-12-07 00:14:05 GMT+1");
    expect(formatInZone(at, "America/New_York", "minute")).toBe("2026-12-06 18:14 EST");
    expect(formatInZone(at, "Asia/Kolkata", "time")).toBe("04:44:05 GMT+5:30");
  });

  it("keeps midnight as 00, never 24", () => {
    expect(formatInZone("2026-06-01T00:00:00Z", "UTC")).toBe("2026-06-01 00:00:00 UTC");
  });
});
