import { describe, expect, it, onTestFinished, vi } from "vitest";
import { type Attempts, withRetries } from "./retry";
import { DEFAULT_RESILIENCE } from "./settings";

describe("withRetries", () => {
  it("stops at once when the signal aborts during a backoff wait", async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const controller = new AbortController();
    const record: Attempts = { attempts: 0, waitsMs: [] };
    const pending = withRetries({
      maxAttempts: 3,
      settings: { ...DEFAULT_RESILIENCE, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      isTransient: () => true,
      signal: controller.signal,
      record,
      attempt: async () => {
        throw new Error("503");
      },
    });
    const outcome = expect(pending).rejects.toThrow("killed");
    // In the first second of a 10 s backoff: it ends there, without waiting out the backoff.
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error("killed"));
    await outcome;
    // cockatiel's backoff timer runs out later; no attempt starts after the kill.
    await vi.runAllTimersAsync();
    expect(record.attempts).toBe(1);
  });

  it("waits for an attempt under way to settle when asked to, so a stopped write's outcome is known", async () => {
    const attempt = (signal: AbortSignal) =>
      new Promise<string>((resolve) =>
        signal.addEventListener("abort", () => setTimeout(() => resolve("committed"), 100), { once: true }),
      );
    const run = (settleAttempt: boolean) => {
      const controller = new AbortController();
      const pending = withRetries({
        maxAttempts: 3,
        settings: DEFAULT_RESILIENCE,
        isTransient: () => true,
        signal: controller.signal,
        record: { attempts: 0, waitsMs: [] },
        attempt,
        settleAttempt,
      });
      setTimeout(() => controller.abort(new Error("killed")), 20);
      return pending;
    };
    await expect(run(true)).resolves.toBe("committed");
    await expect(run(false)).rejects.toThrow("killed");
  });

  it("waits what Retry-After asks, and gives up after the last attempt", async () => {
    const record: Attempts = { attempts: 0, waitsMs: [] };
    const pending = withRetries({
      maxAttempts: 3,
      settings: DEFAULT_RESILIENCE,
      isTransient: () => true,
      retryAfterMs: () => 5,
      signal: new AbortController().signal,
      record,
      attempt: async () => {
        throw new Error("429");
      },
    });
    await expect(pending).rejects.toThrow("429");
    expect(record).toEqual({ attempts: 3, waitsMs: [5, 5] });
  });
});
