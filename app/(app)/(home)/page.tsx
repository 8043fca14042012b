import type { Metadata } from "next";
import Link from "next/link";
import "@/components/dashboards/dashboards.css";
import { requirePageSession } from "@/app/(app)/page-session";
import { OpenAlerts } from "@/components/alerts/open-alerts";
import { BudgetCard } from "@/components/home/budget-card";
import { HomeSections } from "@/components/home/home-sections";
import { RunsLiveRefresh } from "@/components/runs/runs-live-refresh";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { listAlerts } from "@/lib/alerts/alert-rules";
import { can } from "@/lib/auth/actor";
import { getHome } from "@/lib/metrics/home";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "dashboards:read")) return <Forbidden what="the home dashboard" />;
  const [report, agents, openAlerts] = await Promise.all([
    getHome(getDb(), actor),
    can(actor, "agents:read") ? listAgents(getDb(), actor) : Promise.resolve(null),
    listAlerts(getDb(), actor, { openOnly: true }),
  ]);
  const canStart = can(actor, "runs:start");
  const newRun = canStart && (
    <Link href="/runs/new" className="button button-primary">
      New run
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Last 24 hours"
        description="Runs, outcomes and spend in this tenant at a glance, for the runs started in the last 24 hours; the daily budget counts today (UTC)."
        actions={
          <div className="page-actions">
            {can(actor, "runs:read") && <RunsLiveRefresh />}
            {newRun}
          </div>
        }
      />
      <OpenAlerts alerts={openAlerts} />
      {agents?.length === 0 ? (
        <EmptyState icon="🤖" title="No agents yet">
          <p>
            Flightdeck runs agents inside an envelope: every tool call validated, decided by policy, approved
            where policy says, budgeted, killable and receipted. Start with an agent: a model, instructions
            and tools.
          </p>
          {can(actor, "agents:write") ? (
            <Link href="/agents/new" className="button button-primary">
              Create the first agent
            </Link>
          ) : (
            <p>An admin of this tenant creates agents.</p>
          )}
        </EmptyState>
      ) : report.summary.started === 0 ? (
        <>
          <EmptyState icon="🛫" title="Nothing has run in the last 24 hours">
            <p>Runs show up here as they happen.</p>
            {newRun}
          </EmptyState>
          <div className="dashboard-grid">
            <BudgetCard budget={report.budget} />
          </div>
        </>
      ) : (
        <HomeSections report={report} canStop={can(actor, "kill:engage")} />
      )}
    </>
  );
}
