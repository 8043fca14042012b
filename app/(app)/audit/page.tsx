import type { Metadata } from "next";
import { requirePageSession } from "@/app/(app)/page-session";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { auditFilterChoices } from "@/lib/audit/filter-choices";
import { auditFilterSchema, listAuditEntries } from "@/lib/audit/list-audit";
import { can } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "audit:read")) return <Forbidden what="the audit log" />;
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse({
    action: raw.action || undefined,
    actor: raw.actor || undefined,
    target: raw.target || undefined,
    from: raw.from || undefined,
    to: raw.to || undefined,
    cursor: raw.cursor || undefined,
  });
  const filter = parsed.success ? parsed.data : { limit: 50 };
  const db = getDb();
  const [page, choices] = await Promise.all([
    listAuditEntries(db, actor, filter).catch(() =>
      listAuditEntries(db, actor, { ...filter, cursor: undefined }),
    ),
    auditFilterChoices(db, actor),
  ]);
  const filtered = Boolean(filter.action || filter.actor || filter.target || filter.from || filter.to);
  const query = (extra: Record<string, string>, without?: string) => {
    const params = new URLSearchParams();
    for (const key of ["action", "actor", "target", "from", "to"] as const)
      if (key !== without && filter[key]) params.set(key, String(filter[key]));
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `?${params.toString()}`;
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to members, keys, agents, policies, approvals and kill switches. Entries cannot be edited or deleted."
      />
      <AuditFilters
        initial={{
          action: filter.action,
          actor: filter.actor,
          target: filter.target,
          from: filter.from,
          to: filter.to,
        }}
        actions={choices.actions}
        actors={choices.actors}
      />
      {filter.target && (
        <p className="filter-chip" role="status">
          Entries about <span className="mono">{filter.target}</span> ·{" "}
          <a href={query({}, "target")}>show entries about everything</a>
        </p>
      )}
      {!parsed.success && (
        <div className="alert alert-error" role="alert">
          Some filters were not valid and were ignored:{" "}
          {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.
        </div>
      )}
      {page.entries.length === 0 ? (
        <EmptyState icon="🧾" title={filtered ? "No entries match these filters" : "No audit entries yet"}>
          <p>
            {filtered
              ? "Widen the date range or clear the filters."
              : "Changes made by people, API keys and Flightdeck itself are recorded here."}
          </p>
        </EmptyState>
      ) : (
        <section className="card" style={{ padding: 0 }}>
          <AuditTable entries={page.entries} />
        </section>
      )}
      <nav className="pagination" aria-label="Audit log pages">
        {filter.cursor ? <a href={query({})}>← Newest</a> : <span />}
        {page.nextCursor && <a href={query({ cursor: page.nextCursor })}>Older entries →</a>}
      </nav>
    </>
  );
}
