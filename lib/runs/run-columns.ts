/** The runs list's columns a person may hide (status, agent and goal always show). */
export const RUN_COLUMNS = [
  "model",
  "steps",
  "tokens",
  "cost",
  "started",
  "duration",
  "stop_reason",
] as const;
export type RunColumn = (typeof RUN_COLUMNS)[number];

export const RUN_COLUMN_LABELS: Record<RunColumn, string> = {
  model: "Model",
  steps: "Steps",
  tokens: "Tokens",
  cost: "Cost",
  started: "Started",
  duration: "Duration",
  stop_reason: "Stop reason",
};

/**
 * The columns a URL asks for (`cols=model,cost` or `cols=model&cols=cost`); every column when it
 * names none it knows, so a mistyped link still shows the list.
 */
export function parseRunColumns(raw: string | string[] | undefined): RunColumn[] {
  const named = (Array.isArray(raw) ? raw : [raw ?? ""]).flatMap((v) => v.split(","));
  const known = RUN_COLUMNS.filter((c) => named.includes(c));
  return known.length > 0 ? known : [...RUN_COLUMNS];
}

/** The `cols` parameter for a choice of columns; empty for every column (the default). */
export const runColumnsParam = (columns: readonly RunColumn[]) =>
  columns.length === RUN_COLUMNS.length ? "" : columns.join(",");
