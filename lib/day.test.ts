import { describe, expect, it } from "vitest";
import { addDays, utcDay, utcToday } from "./day";

describe("UTC days", () => {
  it("names the UTC day of a moment, whatever the local time zone", () => {
    expect(utcDay(new Date("2026-03-01T23:59:59.999-05:00"))).toBe("2026-03-02");
    expect(utcDay(Date.UTC(2026, 0, 31, 0, 0, 0))).toBe("2026-01-31");
    expect(utcToday(new Date("2026-12-31T23:00:00Z"))).toBe("2026-12-31");
  });

  it("counts days across month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
