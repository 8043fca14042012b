import type { Agent } from "@/db/schema";
import { LIMIT_BOUNDS } from "@/lib/budgets/limit-bounds";
import type { ChildRunRequest } from "./delegation";
import type { RunContext } from "./run-context";

type ChildLimits = ChildRunRequest["limits"];

/**
 * A child run's limits: each the smaller of its agent's and what the parent has left, so the tree of
 * runs stays within the parent's budget. Only the limits the parent tightens are set. A message
 * when the parent has too little left of one to hand on.
 */
export function childLimits(ctx: RunContext, agent: Agent): ChildLimits | string {
  const left = ctx.budget.remaining();
  const limits: ChildLimits = {};
  const tighten = (
    name: keyof ChildLimits,
    own: number | null,
    parentLeft: number | null,
    what: string,
  ): string | null => {
    if (parentLeft === null || (own !== null && own <= parentLeft)) return null;
    if (parentLeft < LIMIT_BOUNDS[name].min)
      return `Too little is left of this run's ${what} to hand a task on: do it yourself or finish with what you have.`;
    limits[name] = parentLeft;
    return null;
  };
  const secondsLeft = Math.floor((ctx.deadline - Date.now()) / 1000);
  const refusal =
    tighten("maxSeconds", agent.maxSeconds, secondsLeft, "time") ??
    // This delegate call is one of the parent's tool calls.
    tighten(
      "maxToolCalls",
      agent.maxToolCalls,
      left.toolCalls === null ? null : left.toolCalls - 1,
      "tool calls",
    ) ??
    tighten("maxTokens", agent.maxTokens, left.tokens, "tokens") ??
    tighten(
      "maxCostUsd",
      agent.maxCostUsd,
      left.costUsd === null ? null : Math.floor(left.costUsd * 1e6) / 1e6,
      "cost budget",
    );
  return refusal ?? limits;
}
