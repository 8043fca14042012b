/** The rollout form's fields, in the form's order: what the action reads and the form names. */
export const ROLLOUT_FIELDS = [
  "candidateVersion",
  "percent",
  "shadowPercent",
  "marginPct",
  "windowMinutes",
  "minRuns",
] as const;

export type RolloutField = (typeof ROLLOUT_FIELDS)[number];

/** What was typed, as text: a refused form shows it again. */
export type RolloutFormValues = Record<RolloutField, string>;
