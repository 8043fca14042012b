import { describe, expect, it } from "vitest";
import { readableDetails } from "./readable-details";
import { auditTargetHref } from "./target-link";

describe("an audit entry as a person reads it", () => {
  it("shows a change as from → to, lists joined, names spaced, long values cut", () => {
    expect(
      readableDetails({
        changes: { maxSteps: { from: 30, to: 25 }, tools: { from: ["a"], to: ["a", "b"] } },
        reason: "bad deploy",
        dry_run: false,
        note: "x".repeat(400),
        limits: { max_cost_usd: 2 },
        email: null,
      }),
    ).toEqual([
      { name: "max steps", value: "30 → 25" },
      { name: "tools", value: "a → a, b" },
      { name: "reason", value: "bad deploy" },
      { name: "dry run", value: "false" },
      { name: "note", value: `${"x".repeat(300)}…` },
      { name: "limits", value: '{"max_cost_usd":2}' },
      { name: "email", value: "none" },
    ]);
    expect(readableDetails({})).toEqual([]);
  });

  it("links a target to the page that shows it, and nothing where no page does", () => {
    const entry = (targetType: string | null, targetId: string | null, details = {}) => ({
      targetType,
      targetId,
      details,
    });
    expect(auditTargetHref(entry("run", "r-1"))).toBe("/runs/r-1");
    expect(auditTargetHref(entry("agent", "a/../x"))).toBe("/agents/a%2F..%2Fx");
    expect(auditTargetHref(entry("receipt", "7", { runId: "r-2" }))).toBe("/runs/r-2");
    expect(auditTargetHref(entry("receipt", "7"))).toBeNull();
    expect(auditTargetHref(entry("api_key", "k"))).toBe("/settings#keys-title");
    expect(auditTargetHref(entry("tenant", "t"))).toBeNull();
    expect(auditTargetHref(entry(null, null))).toBeNull();
  });
});
