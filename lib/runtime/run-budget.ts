import type { AgentSnapshot, ChildRunRecord, ModelPrice, Run, ToolStepPayload } from "@/db/schema";
import { worstCase } from "@/lib/budgets/estimate";
import type { RunEnding } from "./persist-step";

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** The model that answers a call, priced: the run's own, or the agent's router or fallback model. */
export type AnsweringModel = { name: string; price: ModelPrice | null; role: "run" | "router" | "fallback" };

const ROLE_NAMES: Record<AnsweringModel["role"], string> = {
  run: "the run's model",
  router: "the agent's router model",
  fallback: "the agent's fallback model",
};

/**
 * The run's own limits on tool calls, tokens and cost, checked before each call against what the
 * run has used so far plus the call's worst case, so the run ends before it can pass a limit.
 * Totals start from the claimed run row (its committed steps) and grow as steps commit. Every call is
 * priced at the model that answers it: a run with a cost limit is never answered by an unpriced one.
 */
export class RunBudget {
  private toolCalls: number;
  private tokens: number;
  private costUsd: number;
  /** False once a model without a price answered the run (or a child of it): its cost is not known. */
  private costKnown: boolean;
  private readonly model: string;

  constructor(
    run: Run,
    agent: Pick<AgentSnapshot, "maxToolCalls" | "maxTokens" | "maxCostUsd">,
    private readonly price: ModelPrice | null,
    /** The tools' JSON schemas go with every call. */
    private readonly toolChars: number,
    /** What the child runs this run delegated to used: their limits came out of this run's. */
    delegated: DelegatedUsage = NO_DELEGATION,
  ) {
    this.toolCalls = run.toolCalls + delegated.toolCalls;
    this.tokens = run.inputTokens + run.outputTokens + delegated.tokens;
    this.costUsd = (run.costUsd ?? 0) + delegated.costUsd;
    this.costKnown = run.costUsd !== null && delegated.costKnown;
    this.model = run.model;
    const { maxToolCalls, maxTokens, maxCostUsd } = agent;
    this.limits = {
      maxToolCalls: maxToolCalls ?? null,
      maxTokens: maxTokens ?? null,
      maxCostUsd: maxCostUsd ?? null,
    };
  }

  private readonly limits: {
    maxToolCalls: number | null;
    maxTokens: number | null;
    maxCostUsd: number | null;
  };

  /** The next model call's worst case at the price of the model answering it, or the ending when it could pass a limit. */
  beforeModelCall(
    promptChars: number,
    answering: AnsweringModel = { name: this.model, price: this.price, role: "run" },
  ): { worstUsd: number | null; worstTokens: number } | { ending: RunEnding } {
    const worst = worstCase(promptChars + this.toolChars, answering.price);
    const { maxTokens, maxCostUsd } = this.limits;
    if (maxTokens !== null && this.tokens + worst.tokens > maxTokens)
      return stop(
        "budget_tokens",
        `Token budget: ${this.tokens.toLocaleString("en-US")} of ${maxTokens.toLocaleString("en-US")} tokens used, and the next model call may use up to ${worst.tokens.toLocaleString("en-US")}.`,
      );
    if (maxCostUsd !== null) {
      if (!this.costKnown)
        return unlimitable(
          "The run has a cost budget but its cost so far is unknown (a model without a price answered it): its cost cannot be limited.",
        );
      if (worst.usd === null)
        return unlimitable(
          `The run has a cost budget but ${answering.name}, ${ROLE_NAMES[answering.role]}, is unpriced: its cost cannot be limited. Give ${answering.name} a price (Settings → Model prices), or limit the run's tokens instead.`,
        );
      if (this.costUsd + worst.usd > maxCostUsd)
        return stop(
          "budget_cost",
          `Cost budget: ${usd(this.costUsd)} of ${usd(maxCostUsd)} spent, and the next model call may cost up to ${usd(worst.usd)}.`,
        );
    }
    return { worstUsd: worst.usd, worstTokens: worst.tokens };
  }

  beforeToolCall(): RunEnding | null {
    const { maxToolCalls } = this.limits;
    if (maxToolCalls === null || this.toolCalls < maxToolCalls) return null;
    return stop("budget_steps", `Tool-call budget: all ${maxToolCalls} tool calls used.`).ending;
  }

  modelCalled(usage: { inputTokens: number; outputTokens: number }, costUsd: number | null): void {
    this.tokens += usage.inputTokens + usage.outputTokens;
    this.costUsd += costUsd ?? 0;
    if (costUsd === null) this.costKnown = false;
  }

  toolCalled(): void {
    this.toolCalls += 1;
  }

  /** A child run this run delegated to ended: what it used comes out of this run's limits. */
  childRan(child: ChildRunRecord): void {
    this.toolCalls += child.toolCalls;
    this.tokens += child.tokens;
    this.costUsd += child.costUsd ?? 0;
    if (child.costUsd === null) this.costKnown = false;
  }

  /** What is left of each limit (null: no limit), for a child run to be given at most. */
  remaining(): { toolCalls: number | null; tokens: number | null; costUsd: number | null } {
    const { maxToolCalls, maxTokens, maxCostUsd } = this.limits;
    return {
      toolCalls: maxToolCalls === null ? null : maxToolCalls - this.toolCalls,
      tokens: maxTokens === null ? null : maxTokens - this.tokens,
      costUsd: maxCostUsd === null ? null : maxCostUsd - this.costUsd,
    };
  }
}

export type DelegatedUsage = { toolCalls: number; tokens: number; costUsd: number; costKnown: boolean };

const NO_DELEGATION: DelegatedUsage = { toolCalls: 0, tokens: 0, costUsd: 0, costKnown: true };

/** What the child runs of these committed steps used, from their delegate steps' records. */
export function delegatedUsage(steps: readonly { kind: string; payload: unknown }[]): DelegatedUsage {
  let usage = NO_DELEGATION;
  for (const step of steps) {
    const child = step.kind === "tool" ? (step.payload as ToolStepPayload).childRun : undefined;
    if (!child) continue;
    usage = {
      toolCalls: usage.toolCalls + child.toolCalls,
      tokens: usage.tokens + child.tokens,
      costUsd: usage.costUsd + (child.costUsd ?? 0),
      costKnown: usage.costKnown && child.costUsd !== null,
    };
  }
  return usage;
}

/** The ending of a run whose cost limit cannot hold: the cost of its next call, or of its calls so far, is unknown. */
const unlimitable = (error: string): { ending: RunEnding } => ({
  ending: { status: "failed", stopReason: "invalid_input", error },
});

const stop = (stopReason: RunEnding["stopReason"], error: string) => ({
  ending: { status: "stopped" as const, stopReason, error },
});

/** The ending of a run whose tenant's daily budget cannot cover its next call. */
export function tenantBudgetEnding(budget: {
  budgetUsd: number;
  spentUsd: number;
  reservedUsd: number;
}): RunEnding {
  return {
    status: "stopped",
    stopReason: "budget_cost",
    error: `The tenant's daily budget of ${usd(budget.budgetUsd)} is used up (${usd(budget.spentUsd)} spent, ${usd(budget.reservedUsd)} reserved by calls in flight): stopped before the next model call.`,
  };
}

/** The ending of a run on a model without a price whose tenant's daily token budget for such calls is used up. */
export function unpricedBudgetEnding(budget: {
  budgetTokens: number;
  spentTokens: number;
  reservedTokens: number;
}): RunEnding {
  const n = (tokens: number) => tokens.toLocaleString("en-US");
  return {
    status: "stopped",
    stopReason: "budget_tokens",
    error: `The tenant's daily budget of ${n(budget.budgetTokens)} tokens for models without a price is used up (${n(budget.spentTokens)} used, ${n(budget.reservedTokens)} reserved by calls in flight): stopped before the next model call.`,
  };
}
