import type postgres from "postgres";

/** Every change to a tenant's approvals (new, decided, expired, cancelled): payload is the tenant id. */
export const APPROVALS_CHANNEL = "flightdeck_approvals";

export async function announceApprovals(sql: postgres.Sql, tenantId: string): Promise<void> {
  await sql`select pg_notify(${APPROVALS_CHANNEL}, ${tenantId})`.catch(() => {});
}
