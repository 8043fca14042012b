import type { Tenant } from "@/db/schema";
import type { TenantSummary } from "@/lib/platform/tenants";

/** The API's view of a tenant, for the deployment's operators: snake_case. */
export const toTenantJson = (t: Tenant) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  created_at: t.createdAt,
  suspended_at: t.suspendedAt,
  suspended_reason: t.suspendedReason,
});

export const toTenantSummaryJson = (t: TenantSummary) => ({
  ...toTenantJson(t),
  members: t.members,
  last_run_at: t.lastRunAt,
});
