import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from "cockatiel";
import type { ResilienceSettings } from "./settings";

export type BreakerState = "closed" | "open" | "half-open";
export type BreakerKind = "model" | "tool" | "mcp";
export type BreakerInfo = { key: string; kind: BreakerKind; name: string; state: BreakerState };

// Per process, in memory: a breaker protects this process from waiting on something that keeps
// failing. Kept on globalThis so the pages and the in-process engine see the same breakers even
// when the bundler loads this module twice.
const shared = globalThis as unknown as { flightdeckBreakers?: Map<string, CircuitBreakerPolicy> };
shared.flightdeckBreakers ??= new Map();
const breakers = shared.flightdeckBreakers;

/**
 * The breaker of a model (`model:provider:model`), a built-in tool (`tool:name`) or a tenant's MCP
 * server (`mcp:tenant:server`: one per server, and never shared with another tenant's server of
 * the same name), created on first use. Only failures `counts` accepts (transient ones) move it
 * towards open.
 */
export function breakerFor(
  kind: BreakerKind,
  name: string,
  settings: ResilienceSettings,
  counts: (error: Error) => boolean,
  tenantId?: string,
): CircuitBreakerPolicy {
  const key = kind === "mcp" ? `mcp:${tenantId}:${name}` : `${kind}:${name}`;
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

/**
 * The breakers this process has used that the tenant may see, sorted by key: models' and built-in
 * tools' (shared by every tenant) and its own MCP servers' — never another tenant's.
 */
export function breakerStates(tenantId: string): BreakerInfo[] {
  const own = `mcp:${tenantId}:`;
  return [...breakers.entries()]
    .flatMap(([key, breaker]): BreakerInfo[] => {
      const state = STATES[breaker.state];
      if (key.startsWith("mcp:"))
        return key.startsWith(own) ? [{ key, kind: "mcp", name: key.slice(own.length), state }] : [];
      const kind = key.startsWith("tool:") ? ("tool" as const) : ("model" as const);
      return [{ key, kind, name: key.slice(kind.length + 1), state }];
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export const isOpen = (breaker: CircuitBreakerPolicy): boolean =>
  breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated;

/** For tests: forget every breaker. */
export function resetBreakers(): void {
  breakers.clear();
}
