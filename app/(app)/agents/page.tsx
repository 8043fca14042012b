import type { Metadata } from "next";
import { AgentsTable } from "@/components/agents/agents-table";
import { BreakerHealth } from "@/components/agents/breaker-health";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { requirePageSession } from "@/lib/auth/session";
import { breakerStates } from "@/lib/resilience/breakers";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="agents" />;
  const agents = await listAgents(getDb(), actor);
  return (
    <>
      <PageHeader
        title="Agents"
        description="The agents this tenant runs: model, tools and limits. Open one to see its instructions and recent runs."
      />
      {agents.length === 0 ? (
        <EmptyState icon="🤖" title="No agents defined yet">
          <p>Agents you define appear here with their model, tools and limits.</p>
        </EmptyState>
      ) : (
        <section className="card" style={{ padding: 0 }} aria-label="Agents">
          <AgentsTable agents={agents} canStart={can(actor, "runs:start")} now={Date.now()} />
        </section>
      )}
      <BreakerHealth breakers={breakerStates()} />
    </>
  );
}
