import { describe, expect, it } from "vitest";
import { LOOP_LIMIT, LoopGuard, NO_PROGRESS_LIMIT, toolCallKey } from "./loop-guard";

describe("the loop guard", () => {
  it("sees the same call whatever the order of its arguments", () => {
    expect(toolCallKey("get_order", { a: 1, b: { d: 2, c: 3 } })).toBe(
      toolCallKey("get_order", { b: { c: 3, d: 2 }, a: 1 }),
    );
    expect(toolCallKey("get_order", { a: 1 })).not.toBe(toolCallKey("get_ticket", { a: 1 }));
  });

  it("stops the call that would be the limit-th identical one", () => {
    const guard = new LoopGuard();
    for (let i = 1; i < LOOP_LIMIT; i++) {
      expect(guard.wouldLoop("get_order", { order_id: "O-1" })).toBe(false);
      guard.record("get_order", { order_id: "O-1" });
    }
    expect(guard.wouldLoop("get_order", { order_id: "O-1" })).toBe(true);
    expect(guard.wouldLoop("get_order", { order_id: "O-2" })).toBe(false);
  });

  it("counts results that bring nothing new, and a new one resets the count", () => {
    const guard = new LoopGuard();
    guard.recordResult({ status: "ok", at: new Date(0) });
    for (let i = 0; i < NO_PROGRESS_LIMIT - 1; i++)
      guard.recordResult({ at: "1970-01-01T00:00:00.000Z", status: "ok" });
    expect(guard.stalled()).toBe(false);
    guard.recordResult({ status: "ok", at: new Date(0) });
    expect(guard.stalled()).toBe(true);
    guard.recordResult({ status: "changed" });
    expect(guard.stalled()).toBe(false);
  });
});
