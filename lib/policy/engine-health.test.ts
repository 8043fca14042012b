import { describe, expect, it } from "vitest";
import { cedar, cedarGeneration } from "./cedar-engine";
import { policyEngineHealthy } from "./engine-health";

describe("the policy engine's health", () => {
  it("is healthy when Cedar decides a known call, and recovers from a fault", () => {
    expect(policyEngineHealthy()).toBe(true);
    const before = cedarGeneration();
    // Past the bounds Flightdeck enforces: handed to Cedar directly, it breaks the instance.
    expect(() =>
      cedar().policySetTextToParts(
        `permit(principal, action, resource) when { ${"(".repeat(200)}true${")".repeat(200)} };`,
      ),
    ).toThrow();
    expect(() => cedar().policySetTextToParts("permit(principal, action, resource);")).toThrow();
    expect(policyEngineHealthy()).toBe(true);
    expect(cedarGeneration()).toBeGreaterThan(before);
  });
});
