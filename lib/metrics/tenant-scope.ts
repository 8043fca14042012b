import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { roleHasScope } from "@/lib/auth/scopes";
import { AppError } from "@/lib/errors";
import { listUserTenants } from "@/lib/tenants/user-tenants";
import type { MetricsFilter } from "./filter";

export type TenantRef = { id: string; name: string };

/** The tenants a person may read dashboards of: each membership whose role there holds `dashboards:read`. */
export async function readableTenants(db: DbOrTx, actor: Actor): Promise<TenantRef[]> {
  // An API key (or the system) belongs to one tenant only.
  if (actor.kind !== "user") return roleHasScope(actor.role, "dashboards:read") ? [current(actor)] : [];
  const memberships = await listUserTenants(db, actor.id);
  return memberships
    .filter((m) => !m.suspended && roleHasScope(m.role, "dashboards:read"))
    .map((m) => ({ id: m.tenantId, name: m.tenantName }));
}

/**
 * The tenants a cost report covers. Without `tenant`: the actor's current tenant. `all`: every tenant
 * the person may read. An id: that tenant, only if they may read it there; otherwise not found (404),
 * never an answer that would tell a foreign tenant exists.
 */
export async function resolveTenantScope(db: DbOrTx, actor: Actor, f: MetricsFilter): Promise<TenantRef[]> {
  assertScope(actor, "dashboards:read");
  if (f.tenant === undefined || f.tenant === actor.tenantId) return [current(actor)];
  const readable = await readableTenants(db, actor);
  if (f.tenant === "all") return readable.length > 0 ? readable : [current(actor)];
  const one = readable.find((t) => t.id === f.tenant);
  if (!one)
    throw new AppError("not_found", "No tenant with this id among those you can see.", { field: "tenant" });
  return [one];
}

const current = (actor: Actor): TenantRef => ({ id: actor.tenantId, name: actor.tenantName });
