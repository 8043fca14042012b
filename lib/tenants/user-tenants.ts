import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, tenants } from "@/db/schema";
import type { Role } from "@/db/schema/memberships";

export type TenantMembership = {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: Role;
  /** Suspended by a deployment operator: not open to its members. */
  suspended: boolean;
};

/** Every tenant the user belongs to, with the role held there. */
export async function listUserTenants(db: DbOrTx, userId: string): Promise<TenantMembership[]> {
  return db
    .select({
      tenantId: tenants.id,
      tenantName: tenants.name,
      tenantSlug: tenants.slug,
      role: memberships.role,
      suspended: sql<boolean>`${tenants.suspendedAt} is not null`,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(tenants.name));
}
