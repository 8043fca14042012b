/** `5 min`, `1 h 30 min`, `45 s`: a time limit as a person says it. */
export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : "0 s";
}

export const formatLimits = (agent: { maxSteps: number; maxSeconds: number }): string =>
  `${agent.maxSteps.toLocaleString("en-US")} steps · ${formatSeconds(agent.maxSeconds)}`;

/** `$0.50 · 200,000 tokens · 20 tool calls`, or `no limit`: the agent's budgets. */
export function formatBudget(agent: {
  maxCostUsd: number | null;
  maxTokens: number | null;
  maxToolCalls: number | null;
}) {
  const parts = [
    agent.maxCostUsd !== null && `$${agent.maxCostUsd}`,
    agent.maxTokens !== null && `${agent.maxTokens.toLocaleString("en-US")} tokens`,
    agent.maxToolCalls !== null && `${agent.maxToolCalls.toLocaleString("en-US")} tool calls`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : "no limit";
}

export const CHANGED_LABELS: Record<string, string> = {
  description: "description",
  model: "model",
  fallbackModel: "fallback model",
  routerModel: "router model",
  onReject: "after a rejection",
  contextStrategy: "context strategy",
  dryRun: "dry-run mode",
  instructions: "instructions",
  tools: "tools",
  requiredEvidence: "evidence of success",
  tags: "tags",
  workflow: "workflow",
  maxSteps: "max steps",
  maxSeconds: "max seconds",
  maxToolCalls: "max tool calls",
  maxTokens: "max tokens",
  maxCostUsd: "max cost",
};
