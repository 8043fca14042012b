import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from "cockatiel";
import type { ResilienceSettings } from "./settings";

export type BreakerState = "closed" | "open" | "half-open";
export type BreakerInfo = { key: string; kind: "model" | "tool"; name: string; state: BreakerState };

// Per process, in memory: a breaker protects this process from waiting on something that keeps
// failing. Kept on globalThis so the pages and the in-process engine see the same breakers even
// when the bundler loads this module twice.
const shared = globalThis as unknown as { flightdeckBreakers?: Map<string, CircuitBreakerPolicy> };
shared.flightdeckBreakers ??= new Map();
const breakers = shared.flightdeckBreakers;

/**
 * The breaker of a model (`model:provider:model`) or a tool (`tool:name`), created on first use.
 * Only failures `counts` accepts (transient ones) move it towards open.
 */
export function breakerFor(
  kind: "model" | "tool",
  name: string,
  settings: ResilienceSettings,
  counts: (error: Error) => boolean,
): CircuitBreakerPolicy {
  const key = `${kind}:${name}`;
  let breaker = breakers.get(key);
  if (!breaker) {
    breaker = circuitBreaker(handleWhen(counts), {
      halfOpenAfter: settings.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(settings.breakerFailures),
    });
    breakers.set(key, breaker);
  }
  return breaker;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half-open",
  [CircuitState.Isolated]: "open",
};

/** Every breaker this process has used, sorted by key. */
export function breakerStates(): BreakerInfo[] {
  return [...breakers.entries()]
    .map(([key, breaker]) => {
      const kind = key.startsWith("tool:") ? ("tool" as const) : ("model" as const);
      return { key, kind, name: key.slice(kind.length + 1), state: STATES[breaker.state] };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export const isOpen = (breaker: CircuitBreakerPolicy): boolean =>
  breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated;

/** For tests: forget every breaker. */
export function resetBreakers(): void {
  breakers.clear();
}
