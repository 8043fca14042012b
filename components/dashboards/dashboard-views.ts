/** The dashboards' sections, one at a time: each is a view of its own, named in the URL (`?view=`). */
export const DASHBOARD_VIEWS = [
  { key: "cost", label: "Cost" },
  { key: "operations", label: "Operations" },
  { key: "undo", label: "Undo rate" },
  { key: "envelope", label: "Approvals and policy" },
] as const;

export type DashboardView = (typeof DASHBOARD_VIEWS)[number]["key"];

export const dashboardView = (raw: unknown): DashboardView =>
  DASHBOARD_VIEWS.find((v) => v.key === raw)?.key ?? "cost";
