import { env } from "@/lib/env";

/** Retry and circuit-breaker settings of one engine (per process). */
export type ResilienceSettings = {
  /** Attempts per model call, the first included. */
  modelAttempts: number;
  /** Attempts per idempotent tool call, the first included; other tools run once. */
  toolAttempts: number;
  /** First backoff wait; it doubles per attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
  /** Consecutive failed attempts that open a breaker. */
  breakerFailures: number;
  /** How long an open breaker refuses calls before letting one through (half-open). */
  breakerCooldownMs: number;
};

export const DEFAULT_RESILIENCE: ResilienceSettings = {
  modelAttempts: 4,
  toolAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  breakerFailures: 5,
  breakerCooldownMs: 30_000,
};

export function resilienceFromEnv(): ResilienceSettings {
  const config = env();
  return {
    ...DEFAULT_RESILIENCE,
    modelAttempts: config.FLIGHTDECK_MODEL_ATTEMPTS,
    breakerFailures: config.FLIGHTDECK_BREAKER_FAILURES,
    breakerCooldownMs: config.FLIGHTDECK_BREAKER_COOLDOWN_SECONDS * 1000,
  };
}
