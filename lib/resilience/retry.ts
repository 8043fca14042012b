import { DelegateBackoff, handleWhen, type IRetryBackoffContext, retry } from "cockatiel";
import type { ResilienceSettings } from "./settings";

export type Attempts = { attempts: number; waitsMs: number[] };

/**
 * Runs `attempt` up to `maxAttempts` times while `isTransient` says the failure is worth retrying,
 * waiting with capped exponential backoff and full jitter, or exactly what `retryAfterMs` asks for.
 * `record` learns every attempt and wait. The run's signal ends a wait at once, and an attempt too
 * unless `settleAttempt`: then an attempt under way is waited for (it must settle on its own once
 * the signal aborts), so a write stopped mid-way is known committed, rolled back or unknown.
 */
export async function withRetries<T>(input: {
  maxAttempts: number;
  settings: ResilienceSettings;
  isTransient: (error: Error) => boolean;
  retryAfterMs?: (error: unknown) => number | null;
  signal: AbortSignal;
  record: Attempts;
  attempt: (signal: AbortSignal) => Promise<T>;
  settleAttempt?: boolean;
}): Promise<T> {
  const { settings, record, signal } = input;
  const backoff = new DelegateBackoff((context: IRetryBackoffContext<unknown>) => {
    const error = "error" in context.result ? context.result.error : undefined;
    const asked = input.retryAfterMs?.(error) ?? null;
    const wait = asked ?? jittered(settings, context.attempt);
    record.waitsMs.push(wait);
    return wait;
  });
  const policy = retry(handleWhen(input.isTransient), { maxAttempts: input.maxAttempts - 1, backoff });
  let attempting = false;
  const run = policy.execute(async () => {
    // cockatiel's wait ignores the signal; after a kill the next attempt must not start.
    signal.throwIfAborted();
    record.attempts += 1;
    attempting = true;
    try {
      return await input.attempt(signal);
    } finally {
      attempting = false;
    }
  }, signal);
  return raceAbort(signal, run, () => input.settleAttempt === true && attempting);
}

function jittered(settings: ResilienceSettings, attempt: number): number {
  const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

/**
 * Rejects with the signal's reason as soon as it aborts, even in the middle of a backoff wait —
 * unless `waitForWork` says the work is to be waited for.
 */
function raceAbort<T>(signal: AbortSignal, work: Promise<T>, waitForWork: () => boolean): Promise<T> {
  if (signal.aborted && !waitForWork()) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (waitForWork()) return;
      work.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
