import { describe, expect, it } from "vitest";
import { callSignal } from "./call-signal";

describe("a call's abort signal", () => {
  it("aborts when the call's time is up, and says so", async () => {
    const run = new AbortController();
    const call = callSignal(run.signal, 10);
    await new Promise((r) => setTimeout(r, 30));
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

  it("leaves nothing behind once disposed: no late timeout, no listener on the run", async () => {
    const run = new AbortController();
    const call = callSignal(run.signal, 10);
    call.dispose();
    await new Promise((r) => setTimeout(r, 30));
    run.abort(new Error("later"));
    expect(call.signal.aborted).toBe(false);
  });
});
