/** The runs list already filters by these; a chart point links to the runs it stands for. */
export type RunsLink = {
  agent?: string;
  model?: string;
  status?: string;
  stop_reason?: string;
  flagged?: "1";
  from: string;
  to: string;
};

export function runsHref(link: RunsLink): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(link)) if (v) params.set(k, v);
  return `/runs?${params.toString()}`;
}

export const formatUsd = (usd: number): string =>
  usd >= 100 ? `$${usd.toFixed(0)}` : usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;

export const formatPercent = (ratio: number | null): string =>
  ratio === null ? "—" : `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)}%`;
