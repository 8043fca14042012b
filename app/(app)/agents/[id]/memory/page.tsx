import "@/components/memory/memory.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { requirePageSession } from "@/app/(app)/page-session";
import { MemoryEditor } from "@/components/memory/memory-editor";
import { MemoryItemDetail } from "@/components/memory/memory-item";
import { MemoryTable } from "@/components/memory/memory-table";
import { RunSummariesForm } from "@/components/memory/run-summaries-form";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { getDb } from "@/db/client";
import { findAgent } from "@/lib/agents/queries";
import { type Actor, can } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import {
  getMemoryItem,
  listMemoryItems,
  type MemoryListFilter,
  memoryListSchema,
} from "@/lib/memory/agent-memory";
import { RUN_SUMMARY_KEY, runSummariesOf } from "@/lib/memory/run-summaries";

export const metadata: Metadata = { title: "Agent memory" };

type SearchParams = { prefix?: string; scope?: string; cursor?: string; key?: string; session?: string };

export default async function AgentMemoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "memory:read")) return <Forbidden what="agent memory" />;
  const { id } = await params;
  const query = await searchParams;
  const agent = await findAgent(getDb(), actor, id);
  if (!agent) notFound();
  const base = `/agents/${agent.id}/memory`;
  const parsed = memoryListSchema.safeParse({
    prefix: query.prefix,
    scope: query.scope,
    cursor: query.cursor,
  });
  const filter: MemoryListFilter = parsed.success ? parsed.data : {};
  const canWrite = can(actor, "memory:write");
  return (
    <>
      <PageHeader
        title={`${agent.name} · Memory`}
        description="What this agent keeps between runs: written by its runs with the remember tool, or by people here. Every change keeps the previous version."
        actions={
          <div className="page-actions">
            <Link href={`/agents/${agent.id}`} className="button button-secondary">
              ← {agent.name}
            </Link>
          </div>
        }
      />
      {!parsed.success && (
        <p className="alert alert-error" role="alert">
          {parsed.error.issues[0]?.message ?? "The filter is not valid."} Showing everything instead.
        </p>
      )}
      {query.key && (
        <Suspense fallback={<PageLoading />}>
          <SelectedItem
            actor={actor}
            agentId={agent.id}
            itemKey={query.key}
            session={query.session}
            canWrite={canWrite}
            listHref={base}
          />
        </Suspense>
      )}
      <section className="card" aria-labelledby="memory-list-title">
        <div className="trace-head">
          <h2 id="memory-list-title">Items</h2>
        </div>
        <form className="memory-filters" method="get" action={base}>
          <label>
            Key starts with
            <input name="prefix" defaultValue={filter.prefix ?? ""} placeholder="customer:" maxLength={200} />
          </label>
          <label>
            Scope
            <select name="scope" defaultValue={filter.scope ?? "all"}>
              <option value="all">All</option>
              <option value="agent">The agent's own</option>
              <option value="session">Sessions'</option>
            </select>
          </label>
          <button type="submit" className="button-secondary">
            Filter
          </button>
        </form>
        <Suspense key={JSON.stringify(filter)} fallback={<PageLoading />}>
          <MemoryList actor={actor} agentId={agent.id} filter={filter} base={base} selected={query} />
        </Suspense>
      </section>
      {canWrite && (
        <section className="card" aria-labelledby="memory-settings-title">
          <h2 id="memory-settings-title">Run summaries</h2>
          <RunSummariesForm
            agentId={agent.id}
            on={(await runSummariesOf(getDb(), actor, agent.id)).on}
            summaryKey={RUN_SUMMARY_KEY}
          />
        </section>
      )}
      {canWrite && (
        <section className="card" aria-labelledby="memory-new-title">
          <h2 id="memory-new-title">Add an item</h2>
          <MemoryEditor agentId={agent.id} initialJson={"{\n  \n}"} listHref={base} />
        </section>
      )}
    </>
  );
}

async function MemoryList({
  actor,
  agentId,
  filter,
  base,
  selected,
}: {
  actor: Actor;
  agentId: string;
  filter: MemoryListFilter;
  base: string;
  selected: SearchParams;
}) {
  const listed = await listMemoryItems(getDb(), actor, agentId, filter).catch((error: unknown) => {
    // A cursor that was edited by hand reads as the first page's problem, not as a crash.
    if (isAppError(error) && error.code === "invalid_input") return null;
    throw error;
  });
  if (!listed)
    return (
      <p className="alert alert-error" role="alert">
        That page of items does not exist. <Link href={base}>Back to the first page</Link>.
      </p>
    );
  const { items, nextCursor } = listed;
  const filtered = Boolean(filter.prefix) || (filter.scope ?? "all") !== "all" || Boolean(filter.cursor);
  if (items.length === 0)
    return (
      <EmptyState icon="🧠" title={filtered ? "Nothing matches" : "Nothing remembered yet"}>
        {filtered
          ? "No item matches this filter."
          : "Runs of this agent write here with the remember tool (grant it on the agent), and operators can add items below."}
      </EmptyState>
    );
  const next = nextCursor
    ? `${base}?${new URLSearchParams({ prefix: filter.prefix ?? "", scope: filter.scope ?? "all", cursor: nextCursor })}`
    : null;
  return (
    <>
      <MemoryTable
        items={items}
        base={base}
        selected={selected.key ? { key: selected.key, session: selected.session ?? null } : undefined}
        now={Date.now()}
      />
      {next && (
        <div className="memory-pager">
          <Link href={next}>Older items →</Link>
        </div>
      )}
    </>
  );
}

async function SelectedItem(props: {
  actor: Actor;
  agentId: string;
  itemKey: string;
  session?: string;
  canWrite: boolean;
  listHref: string;
}) {
  try {
    const { item, versions } = await getMemoryItem(
      getDb(),
      props.actor,
      props.agentId,
      props.itemKey,
      props.session,
    );
    return (
      <MemoryItemDetail
        agentId={props.agentId}
        item={item}
        versions={versions}
        canWrite={props.canWrite}
        listHref={props.listHref}
      />
    );
  } catch (error) {
    if (!isAppError(error) || (error.code !== "not_found" && error.code !== "invalid_input")) throw error;
    return (
      <p className="alert alert-warn" role="status">
        {error.message}
      </p>
    );
  }
}
