import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callSignal } from "./call-signal";

describe("a call's abort signal", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("aborts when the call's time is up, and says so", () => {
    const run = new AbortController();
    const call = callSignal(run.signal, 10);
    vi.advanceTimersByTime(9);
    expect(call.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(call.signal.aborted).toBe(true);
    expect(call.timedOut()).toBe(true);
    expect(run.signal.aborted).toBe(false);
    call.dispose();
  });

  it("aborts with the run's reason when the run is stopped, before or during the call", () => {
    const run = new AbortController();
    const during = callSignal(run.signal, 1000);
    run.abort(new Error("killed"));
    expect(during.signal.reason).toEqual(new Error("killed"));
    expect(during.timedOut()).toBe(false);
    during.dispose();
    const after = callSignal(run.signal, 1000);
    expect(after.signal.aborted).toBe(true);
    after.dispose();
  });

  it("leaves nothing behind once disposed: no late timeout, no listener on the run", () => {
    const run = new AbortController();
    const call = callSignal(run.signal, 10);
    call.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(30);
    run.abort(new Error("later"));
    expect(call.signal.aborted).toBe(false);
  });
});
