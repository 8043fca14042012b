import { describe, expect, it } from "vitest";
import { describeAlert, formatMetric } from "./describe-alert";

describe("alert figures", () => {
  it("read as people say them: a percentage, seconds, dollars down to a fraction of a cent", () => {
    expect(formatMetric("failure_rate", 0.4)).toBe("40 %");
    expect(formatMetric("failure_rate", 0.125)).toBe("12.5 %");
    expect(formatMetric("p95_seconds", 31.26)).toBe("31.3 s");
    expect(formatMetric("cost_usd", 1.15)).toBe("$1.15");
    expect(formatMetric("cost_usd", 0.001)).toBe("$0.0010");
    expect(formatMetric("cost_usd", 0.000001)).toBe("$0.0000010");
    expect(formatMetric("cost_usd", 0)).toBe("$0.00");
    expect(
      describeAlert({ metric: "p95_seconds", value: 90, threshold: 30, windowMinutes: 60, runs: 1 }),
    ).toBe("p95 duration 90 s over the last 60 min (1 run), above 30 s");
  });
});
