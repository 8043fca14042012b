import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { NewRunForm } from "@/components/runs/new-run-form";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "New run" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function NewRunPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "runs:start")) return <Forbidden what="the form that starts runs" />;
  const agents = await listAgents(getDb(), actor);
  const raw = await searchParams;
  return (
    <>
      <PageHeader
        title="New run"
        description="Start an agent on a goal. It runs inside its envelope of tools, policies and budgets; you follow it live."
        actions={
          <Link href="/runs" className="button button-secondary">
            ← Runs
          </Link>
        }
      />
      {agents.length === 0 ? (
        <EmptyState icon="⚙" title="No agents yet">
          {can(actor, "agents:write") ? (
            <p>
              Runs start an agent on a goal. <Link href="/agents/new">Create the first agent</Link>, then
              start it here.
            </p>
          ) : (
            <p>An admin creates agents first; then they can be started here.</p>
          )}
        </EmptyState>
      ) : (
        <NewRunForm
          agents={agents}
          initial={{
            agent: first(raw.agent),
            input: first(raw.input).slice(0, 20_000),
            model: first(raw.model),
            session: first(raw.session).slice(0, 200),
          }}
        />
      )}
    </>
  );
}
