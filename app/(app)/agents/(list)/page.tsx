import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { AgentsTable } from "@/components/agents/agents-table";
import { BreakerHealth } from "@/components/agents/breaker-health";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { breakerStates } from "@/lib/resilience/breakers";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<{ archived?: string }> }) {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:read")) return <Forbidden what="agents" />;
  const showArchived = (await searchParams).archived === "1";
  const agents = await listAgents(getDb(), actor, { includeArchived: showArchived });
  const canWrite = can(actor, "agents:write");
  return (
    <>
      <PageHeader
        title="Agents"
        description="The agents this tenant runs: model, tools and limits. Open one to see its instructions, versions and recent runs."
        actions={
          <div className="page-actions">
            <Link href={showArchived ? "/agents" : "/agents?archived=1"} className="button button-secondary">
              {showArchived ? "Hide archived" : "Show archived"}
            </Link>
            {canWrite && (
              <Link href="/agents/import" className="button button-secondary">
                Import
              </Link>
            )}
            {canWrite && (
              <Link href="/agents/new" className="button button-primary">
                New agent
              </Link>
            )}
          </div>
        }
      />
      {agents.length === 0 ? (
        <EmptyState icon="🤖" title="No agents yet">
          {canWrite ? (
            <>
              <p>
                An agent is a model with instructions and tools, run inside this tenant&apos;s envelope of
                policy, approvals, budgets and receipts.
              </p>
              <p>
                <Link href="/agents/new" className="button button-primary">
                  Create the first agent
                </Link>
              </p>
            </>
          ) : (
            <p>An admin creates agents; they appear here with their model, tools and limits.</p>
          )}
        </EmptyState>
      ) : (
        <section className="card" style={{ padding: 0 }} aria-label="Agents">
          <AgentsTable agents={agents} canStart={can(actor, "runs:start")} now={Date.now()} />
        </section>
      )}
      <BreakerHealth breakers={breakerStates(actor.tenantId)} />
    </>
  );
}
