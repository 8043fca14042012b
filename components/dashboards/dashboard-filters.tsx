import Link from "next/link";
import { AgentFilterField, DateRangeFields, FilterButtons } from "@/components/ui/filter-form";
import { addDays, utcToday } from "@/lib/day";
import type { MetricsFilter } from "@/lib/metrics/filter";
import type { TenantRef } from "@/lib/metrics/tenant-scope";
import type { DashboardView } from "./dashboard-views";

const PRESETS = [7, 30, 90] as const;

function presetHref(filter: MetricsFilter, days: number, view: DashboardView): string {
  const to = utcToday();
  const params = new URLSearchParams({ from: addDays(to, 1 - days), to });
  if (view !== "cost") params.set("view", view);
  if (filter.agent) params.set("agent", filter.agent);
  if (filter.model) params.set("model", filter.model);
  if (filter.groupBy !== "agent") params.set("group_by", filter.groupBy);
  if (filter.tenant) params.set("tenant", filter.tenant);
  return `/dashboards?${params.toString()}`;
}

/** A plain GET form: the whole view lives in the URL, so it can be shared. */
export function DashboardFilters({
  view,
  filter,
  agents,
  tenants,
  currentTenantId,
}: {
  /** The view shown, kept by the filters. */
  view: DashboardView;
  filter: MetricsFilter;
  agents: string[];
  /** The tenants the person may read dashboards of; the tenant choice shows with more than one. */
  tenants: TenantRef[];
  currentTenantId: string;
}) {
  const now = utcToday();
  const tenant = filter.tenant === currentTenantId ? "" : (filter.tenant ?? "");
  return (
    <div className="card dashboard-filters">
      <nav aria-label="Time range" className="range-presets">
        {PRESETS.map((days) => {
          const active = filter.to === now && filter.from === addDays(now, 1 - days);
          return (
            <Link
              key={days}
              href={presetHref(filter, days, view)}
              className={`button button-small ${active ? "button-primary" : "button-secondary"}`}
              aria-current={active ? "page" : undefined}
            >
              Last {days} days
            </Link>
          );
        })}
      </nav>
      <form method="get" className="form-row" aria-label="Filter dashboards">
        {view !== "cost" && <input type="hidden" name="view" value={view} />}
        <DateRangeFields idPrefix="d" from={filter.from} to={filter.to} required />
        <AgentFilterField id="d-agent" agents={agents} value={filter.agent} />
        <div className="field">
          <label htmlFor="d-model">Model</label>
          <input id="d-model" name="model" defaultValue={filter.model} placeholder="e.g. sim:default" />
        </div>
        {tenants.length > 1 && (
          <div className="field" style={{ flex: "0 1 200px" }}>
            <label htmlFor="d-tenant">Cost of</label>
            <select id="d-tenant" name="tenant" defaultValue={tenant}>
              <option value="">This tenant</option>
              <option value="all">All my tenants</option>
              {tenants
                .filter((t) => t.id !== currentTenantId)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </select>
          </div>
        )}
        <div className="field" style={{ flex: "0 1 150px" }}>
          <label htmlFor="d-group">Split cost by</label>
          <select id="d-group" name="group_by" defaultValue={filter.groupBy}>
            <option value="agent">Agent</option>
            <option value="model">Model</option>
            <option value="tenant">Tenant</option>
          </select>
        </div>
        <FilterButtons
          clearHref={view === "cost" ? "/dashboards" : `/dashboards?view=${view}`}
          submit="Apply"
          clear="Reset"
        />
      </form>
    </div>
  );
}
