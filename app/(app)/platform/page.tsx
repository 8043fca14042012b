import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { CreateTenantForm } from "@/components/platform/create-tenant-form";
import { PlatformLog } from "@/components/platform/platform-log";
import { TenantsTable } from "@/components/platform/tenants-table";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { listTenants, listTenantsSchema, platformAuditLog } from "@/lib/platform/tenants";

export const metadata: Metadata = { title: "Tenants" };

export default async function PlatformPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { actor } = await requirePageSession();
  // A tenant's people do not learn that this page, or any other tenant, exists.
  if (!can(actor, "tenants:manage")) notFound();
  const raw = await searchParams;
  const query = listTenantsSchema.safeParse({ after: raw.after || undefined });
  const db = getDb();
  const [page, log] = await Promise.all([
    listTenants(db, query.success ? query.data : {}),
    platformAuditLog(db, 20),
  ]);
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every tenant of this deployment. Suspending one signs its people out, refuses its API keys and holds its runs until you resume it. Only deployment operators (FLIGHTDECK_PLATFORM_ADMINS) see this page."
      />
      <CreateTenantForm />
      <TenantsTable tenants={page.tenants} ownTenantId={actor.tenantId} />
      <nav className="pagination" aria-label="Tenant pages">
        {raw.after ? <a href="/platform">← First page</a> : <span />}
        {page.next && <a href={`/platform?after=${encodeURIComponent(page.next)}`}>Next tenants →</a>}
      </nav>
      <PlatformLog
        entries={log.map((e) => ({
          id: e.id,
          at: e.createdAt.toISOString(),
          actor: e.actorLabel,
          action: e.action,
          details: e.details,
        }))}
      />
    </>
  );
}
