/** What an agent's edit may change: the server accepts these, the form sends and marks these. */
export const EDITABLE_AGENT_FIELDS = [
  "description",
  "model",
  "fallbackModel",
  "routerModel",
  "instructions",
  "tools",
  "requiredEvidence",
  "tags",
  "onReject",
  "contextStrategy",
  "dryRun",
  "maxSteps",
  "maxSeconds",
  "maxToolCalls",
  "maxTokens",
  "maxCostUsd",
] as const;
