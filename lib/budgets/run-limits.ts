import { z } from "zod";
import type { Agent, AgentSnapshot } from "@/db/schema";
import { type Actor, can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { LIMIT_BOUNDS, type LimitName } from "./limit-bounds";

const whole = (name: Exclude<LimitName, "maxCostUsd">) => {
  const { label, min, max } = LIMIT_BOUNDS[name];
  const range = `${label} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range);
};

const COST = LIMIT_BOUNDS.maxCostUsd;
export const MAX_STEPS = whole("maxSteps");
export const MAX_SECONDS = whole("maxSeconds");
export const MAX_TOOL_CALLS = whole("maxToolCalls");
export const MAX_TOKENS = whole("maxTokens");
export const MAX_COST_USD = z
  .number({
    error: `Max cost must be a number of USD from ${COST.min} to ${COST.max.toLocaleString("en-US")}.`,
  })
  .min(COST.min, `Max cost must be at least ${COST.min} USD.`)
  .max(COST.max, `Max cost must be at most ${COST.max.toLocaleString("en-US")} USD.`);

/** A run's limits instead of its agent's; a limit left out keeps the agent's. */
export const runLimitsSchema = z
  .object({
    maxSteps: MAX_STEPS.optional(),
    maxSeconds: MAX_SECONDS.optional(),
    maxToolCalls: MAX_TOOL_CALLS.optional(),
    maxTokens: MAX_TOKENS.optional(),
    maxCostUsd: MAX_COST_USD.optional(),
  })
  .strict();
export type RunLimits = z.infer<typeof runLimitsSchema>;

export type Limits = Omit<
  Required<AgentSnapshot>,
  | "instructions"
  | "tools"
  | "fallbackModel"
  | "routerModel"
  | "contextStrategy"
  | "onReject"
  | "dryRun"
  | "requiredEvidence"
  | "playbooks"
  | "workflow"
>;

/**
 * The limits a run starts with. Anyone who may start runs may tighten them (or set one the agent
 * leaves open); raising one above the agent's takes the right to edit the agent.
 */
export function runLimits(actor: Actor, agent: Agent, overrides: RunLimits = {}): Limits {
  const base: Limits = {
    maxSteps: agent.maxSteps,
    maxSeconds: agent.maxSeconds,
    maxToolCalls: agent.maxToolCalls,
    maxTokens: agent.maxTokens,
    maxCostUsd: agent.maxCostUsd,
  };
  const result = { ...base };
  for (const key of Object.keys(overrides) as (keyof RunLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    const current = base[key];
    if (current !== null && value > current && !can(actor, "agents:write"))
      throw new AppError("forbidden", `Only an admin can raise ${key} above the agent's limit for a run.`, {
        field: "limits",
      });
    result[key] = value;
  }
  return result;
}
