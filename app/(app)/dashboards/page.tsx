import type { Metadata } from "next";
import "@/components/dashboards/dashboards.css";
import { requirePageSession } from "@/app/(app)/page-session";
import { CostSection } from "@/components/dashboards/cost-section";
import { DashboardFilters } from "@/components/dashboards/dashboard-filters";
import { type DashboardView, dashboardView } from "@/components/dashboards/dashboard-views";
import { EnvelopeSection } from "@/components/dashboards/envelope-section";
import { OpsSection } from "@/components/dashboards/ops-section";
import { StatCards } from "@/components/dashboards/stat-cards";
import { UndoSection } from "@/components/dashboards/undo-section";
import { ViewTabs } from "@/components/dashboards/view-tabs";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { roleHasScope } from "@/lib/auth/scopes";
import { getEnvelopeReport } from "@/lib/metrics/envelope";
import { getCostReport, getOpsReport, metricsFilterSchema } from "@/lib/metrics/queries";
import { getUndoRate } from "@/lib/metrics/undo-rate";
import { breakerStates } from "@/lib/resilience/breakers";

export const metadata: Metadata = { title: "Dashboards" };

const KEYS = ["from", "to", "agent", "model", "group_by", "tenant"] as const;

export default async function DashboardsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor, tenants: memberships } = await requirePageSession();
  if (!can(actor, "dashboards:read")) return <Forbidden what="dashboards" />;
  const raw = await searchParams;
  const input = Object.fromEntries(KEYS.map((k) => [k, [raw[k]].flat()[0] || undefined]));
  const parsed = metricsFilterSchema.safeParse(input);
  // The tenants whose dashboards this person may read; the cost report checks membership again.
  const readable = memberships
    .filter((m) => roleHasScope(m.role, "dashboards:read"))
    .map((m) => ({ id: m.tenantId, name: m.tenantName }));
  const tenant = parsed.success ? parsed.data.tenant : undefined;
  const problems = parsed.success
    ? tenant && tenant !== "all" && !readable.some((t) => t.id === tenant)
      ? ["You cannot see that tenant's dashboards."]
      : []
    : parsed.error.issues.map((i) => i.message);
  // An invalid hand-edited URL shows the default view with a message rather than an error page.
  const query = problems.length === 0 ? input : {};
  const view = dashboardView([raw.view].flat()[0]);
  const db = getDb();
  // Only the view shown is read; the cost report's summary is on every view.
  const only = <T,>(key: DashboardView, read: () => Promise<T>) =>
    view === key ? read() : Promise.resolve(null);
  const [cost, ops, undo, envelope, agents] = await Promise.all([
    getCostReport(db, actor, query),
    only("operations", () => getOpsReport(db, actor, query)),
    only("undo", () => getUndoRate(db, actor, query)),
    only("envelope", () => getEnvelopeReport(db, actor, query)),
    can(actor, "agents:read") ? listAgents(db, actor, { includeArchived: true }) : Promise.resolve([]),
  ]);
  const filter = cost.filter;
  const link = { agent: filter.agent, model: filter.model, from: filter.from, to: filter.to };
  const agentNames = [...new Set([...agents.map((a) => a.name), ...(filter.agent ? [filter.agent] : [])])];
  const kept = new URLSearchParams(
    KEYS.flatMap((k) => (typeof query[k] === "string" && query[k] ? [[k, query[k] as string]] : [])),
  );
  return (
    <>
      <PageHeader
        title="Dashboards"
        description={`Cost and operations from ${filter.from} to ${filter.to} (UTC days).`}
      />
      <ViewTabs current={view} query={kept} />
      <DashboardFilters
        view={view}
        filter={filter}
        agents={agentNames}
        tenants={readable}
        currentTenantId={actor.tenantId}
      />
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          Some filters were not valid and were ignored: {problems.join(" ")}
        </div>
      )}
      <StatCards summary={cost.summary} />
      {view === "cost" && <CostSection report={cost} link={link} currentTenantId={actor.tenantId} />}
      {ops && <OpsSection report={ops} link={link} breakers={breakerStates(actor.tenantId)} />}
      {undo && <UndoSection rate={undo} />}
      {envelope && <EnvelopeSection report={envelope} link={link} />}
    </>
  );
}
