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

export const CHANGED_LABELS: Record<string, string> = {
  description: "description",
  model: "model",
  instructions: "instructions",
  tools: "tools",
  maxSteps: "max steps",
  maxSeconds: "max seconds",
};
