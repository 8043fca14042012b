import Link from "next/link";
import { DASHBOARD_VIEWS, type DashboardView } from "./dashboard-views";

/** Links, not ARIA tabs: each view is a page of its own (its URL keeps the filters). */
export function ViewTabs({ current, query }: { current: DashboardView; query: URLSearchParams }) {
  return (
    <nav aria-label="Dashboards" className="view-tabs">
      {DASHBOARD_VIEWS.map(({ key, label }) => {
        const params = new URLSearchParams(query);
        if (key === "cost") params.delete("view");
        else params.set("view", key);
        const search = params.toString();
        return (
          <Link
            key={key}
            href={`/dashboards${search ? `?${search}` : ""}`}
            className="view-tab"
            aria-current={key === current ? "page" : undefined}
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
