/**
 * The range of each run limit: the agent form's inputs, the agent's schema and a run's overrides
 * all read it here, so a bound changes in one place.
 */
export const LIMIT_BOUNDS = {
  maxSteps: { label: "Max steps", min: 1, max: 1_000 },
  maxSeconds: { label: "Max seconds", min: 5, max: 86_400 },
  maxToolCalls: { label: "Max tool calls", min: 1, max: 10_000 },
  maxTokens: { label: "Max tokens", min: 1_000, max: 100_000_000 },
  maxCostUsd: { label: "Max cost", min: 0.000001, max: 100_000 },
} as const;

export type LimitName = keyof typeof LIMIT_BOUNDS;
