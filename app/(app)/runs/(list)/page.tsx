import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { BulkStopForm } from "@/components/runs/bulk-stop-form";
import { RunsFilters } from "@/components/runs/runs-filters";
import { RunsLiveRefresh } from "@/components/runs/runs-live-refresh";
import { RunsTable } from "@/components/runs/runs-table";
import { SavedViewsBar } from "@/components/runs/saved-views-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { TERMINAL_STATUSES } from "@/db/schema";
import { listAgents } from "@/lib/agents/queries";
import { can } from "@/lib/auth/actor";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { listRuns, runFilterSchema } from "@/lib/runs/queries";
import { redactRunText } from "@/lib/runs/redact";
import { parseRunColumns, runColumnsParam } from "@/lib/runs/run-columns";
import { canonicalRunsQuery, RUN_FILTER_KEYS } from "@/lib/runs/run-list-query";
import { listSavedViews } from "@/lib/views/saved-views";

export const metadata: Metadata = { title: "Runs" };

const FILTER_KEYS = RUN_FILTER_KEYS;

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "runs:read")) return <Forbidden what="runs" />;
  const raw = await searchParams;
  // A viewer sees goals masked: searching them would tell what the mask hides.
  const canSearch = can(actor, "payloads:read");
  const value = (key: string) => {
    const v = raw[key];
    if (key === "q" && !canSearch) return undefined;
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const parsed = runFilterSchema.safeParse({
    ...Object.fromEntries(FILTER_KEYS.map((k) => [k, value(k)])),
    cursor: value("cursor"),
  });
  const filter = parsed.success ? parsed.data : runFilterSchema.parse({});
  const db = getDb();
  const columns = parseRunColumns(raw.cols);
  const [page, agents, redactor, views] = await Promise.all([
    // A stale or hand-edited cursor falls back to the newest page rather than an error page.
    listRuns(db, actor, filter).catch(() => listRuns(db, actor, { ...filter, cursor: undefined })),
    can(actor, "agents:read") ? listAgents(db, actor, { includeArchived: true }) : Promise.resolve([]),
    redactorFor(db, actor),
    listSavedViews(db, actor),
  ]);
  const filtered = FILTER_KEYS.some((k) => filter[k]);
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (filter[key]) params.set(key, String(filter[key]));
    const cols = runColumnsParam(columns);
    if (cols) params.set("cols", cols);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `?${params.toString()}`;
  };
  const canStart = can(actor, "runs:start");
  // Kept while the stopped runs end, so the form's result stays on screen.
  const canStop = can(actor, "kill:engage") && page.runs.length > 0;
  const live = !filter.cursor || page.runs.some((r) => !TERMINAL_STATUSES.includes(r.status));
  const agentNames = [...new Set([...agents.map((a) => a.name), ...(filter.agent ? [filter.agent] : [])])];
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every agent run in this tenant, newest first, with its status, stop reason and cost."
        actions={
          <div className="page-actions">
            {live && <RunsLiveRefresh />}
            {canStart && (
              <Link href="/runs/new" className="button button-primary">
                New run
              </Link>
            )}
          </div>
        }
      />
      <SavedViewsBar
        views={views.map((v) => ({
          id: v.id,
          name: v.name,
          query: v.query,
          shared: v.shared,
          mine: v.ownerId === actor.id,
          owner: v.ownerLabel,
        }))}
        current={canonicalRunsQuery(query({}).slice(1)) ?? ""}
      />
      <RunsFilters initial={filter} agents={agentNames} canSearch={canSearch} columns={columns} />
      {canStop && <BulkStopForm />}
      {!parsed.success && (
        <div className="alert alert-error" role="alert">
          Some filters were not valid and were ignored:{" "}
          {[...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ")}.
        </div>
      )}
      {page.runs.length === 0 ? (
        <EmptyState icon="▶" title={filtered ? "No runs match these filters" : "No runs yet"}>
          <p>
            {filtered
              ? "Widen the date range or clear the filters."
              : "When an agent runs, it appears here with a live trace of every model call and tool call."}
          </p>
          {canStart && !filtered && (
            <Link href="/runs/new" className="button button-primary">
              New run
            </Link>
          )}
        </EmptyState>
      ) : (
        <section className="card" style={{ padding: 0 }} aria-label="Runs">
          <RunsTable
            runs={page.runs.map((run) => redactRunText(run, redactor))}
            now={Date.now()}
            selectable={canStop}
            columns={columns}
          />
        </section>
      )}
      <nav className="pagination" aria-label="Run pages">
        {filter.cursor ? <a href={query({})}>← Newest</a> : <span />}
        {page.nextCursor && <a href={query({ cursor: page.nextCursor })}>Older runs →</a>}
      </nav>
    </>
  );
}
