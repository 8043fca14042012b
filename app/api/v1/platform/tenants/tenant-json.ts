import { z } from "zod";
import type { Tenant } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import type { TenantSummary } from "@/lib/platform/tenants";

export const tenantJson = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  created_at: timestamp,
  suspended_at: timestamp.nullable(),
  suspended_reason: z.string().nullable(),
});

/** The API's view of a tenant, for the deployment's operators: snake_case. */
export const toTenantJson = (
  t: Pick<Tenant, "id" | "slug" | "name" | "createdAt" | "suspendedAt" | "suspendedReason">,
): z.input<typeof tenantJson> => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  created_at: t.createdAt,
  suspended_at: t.suspendedAt,
  suspended_reason: t.suspendedReason,
});

export const tenantSummaryJson = tenantJson.extend({
  members: z.number(),
  last_run_at: timestamp.nullable(),
});

export const toTenantSummaryJson = (t: TenantSummary): z.input<typeof tenantSummaryJson> => ({
  ...toTenantJson(t),
  members: t.members,
  last_run_at: t.lastRunAt,
});

/** A new tenant and the invitation of its first admin (the link only when no mail server is set). */
export const createdTenantJson = z.object({
  tenant: tenantJson,
  invitation: z.object({
    email: z.string(),
    delivery: z.string(),
    expires_at: timestamp,
    link: z.string().nullable(),
  }),
});
