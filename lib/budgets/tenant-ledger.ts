import type postgres from "postgres";
import { createTtlCache } from "@/lib/cache/ttl-cache";

/** Where the day stood before this reservation: what the budget alerts look at. */
export type LedgerState = {
  day: string;
  budgetUsd: number;
  spentUsd: number;
  reservedUsd: number;
  alertThresholdPct: number;
  alerted: boolean;
  exhausted: boolean;
};

export type TenantReservation =
  | { status: "unbudgeted" }
  | ({ status: "reserved"; usd: number } & LedgerState)
  | ({ status: "refused" } & LedgerState);

// Parameters go in as text with explicit casts: the client is shared with Drizzle.

/**
 * Reserves `usd` on the tenant's ledger for today (UTC) if spent + reserved + usd stays within the
 * daily budget. One conditional upsert: PostgreSQL re-checks the condition on the row it locked, so
 * concurrent runs of the tenant can never reserve past the budget together. A tenant without a
 * budget writes nothing, and while this process knows it has none, reads nothing either.
 */
export async function reserveTenantSpend(
  sql: postgres.Sql,
  tenantId: string,
  usd: number,
): Promise<TenantReservation> {
  if (!(await budgetPresence.get(tenantId, () => hasBudget(sql, tenantId)))) return { status: "unbudgeted" };
  const amount = usd.toFixed(6);
  const [row] = await sql`
    with b as (
      select daily_budget_usd as budget, alert_threshold_pct as threshold, (now() at time zone 'utc')::date as day
      from tenant_budgets where tenant_id = ${tenantId}::uuid
    ), reserved as (
      insert into tenant_spend_days as d (tenant_id, day, reserved_usd)
      select ${tenantId}::uuid, b.day, ${amount}::numeric from b where ${amount}::numeric <= b.budget
      on conflict (tenant_id, day) do update set reserved_usd = d.reserved_usd + excluded.reserved_usd
      where d.spent_usd + d.reserved_usd + excluded.reserved_usd
        <= (select budget from b)
      returning d.day::text as day
    )
    select (select day from reserved) as reserved_day, b.day::text as day, b.budget::text as budget,
      b.threshold, coalesce(d.spent_usd, 0)::text as spent, coalesce(d.reserved_usd, 0)::text as reserved,
      d.alerted_at is not null as alerted, d.exhausted_at is not null as exhausted
    from b left join tenant_spend_days d on d.tenant_id = ${tenantId}::uuid and d.day = b.day`;
  if (!row) return { status: "unbudgeted" };
  const ledger: LedgerState = {
    day: row.day as string,
    budgetUsd: Number(row.budget),
    spentUsd: Number(row.spent),
    reservedUsd: Number(row.reserved),
    alertThresholdPct: Number(row.threshold),
    alerted: row.alerted === true,
    exhausted: row.exhausted === true,
  };
  if (row.reserved_day) return { status: "reserved", usd: Number(amount), ...ledger };
  return { status: "refused", ...ledger };
}

/**
 * How long a process trusts that a tenant has no budget: a model call of an unbudgeted tenant
 * then costs no query. Setting a budget clears it in the process that set it; other processes
 * (separate workers) start reserving within this time.
 */
export const BUDGET_PRESENCE_CACHE_MS = 2_000;

const budgetPresence = createTtlCache<boolean>({ ttlMs: BUDGET_PRESENCE_CACHE_MS });

async function hasBudget(sql: postgres.Sql, tenantId: string): Promise<boolean> {
  const rows = await sql`select 1 from tenant_budgets where tenant_id = ${tenantId}::uuid`;
  return rows.length > 0;
}

/** Called when the tenant's budget is set or removed: this process sees it on the next call. */
export const forgetTenantBudget = (tenantId: string): void => budgetPresence.forget(tenantId);

/** Gives a reservation back when the call it covered never committed (failure, kill, lost lease). */
export async function releaseTenantSpend(
  sql: postgres.Sql,
  tenantId: string,
  reservation: { day: string; usd: number },
): Promise<void> {
  await sql`
    update tenant_spend_days set reserved_usd = greatest(0, reserved_usd - ${reservation.usd.toFixed(6)}::numeric)
    where tenant_id = ${tenantId}::uuid and day = ${reservation.day}::date`;
}
