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

/** Whether the tenant has a daily budget, as this process last read it (see BUDGET_PRESENCE_CACHE_MS). */
export const tenantHasBudget = (sql: postgres.Sql, tenantId: string): Promise<boolean> =>
  budgetPresence.get(tenantId, () => hasBudget(sql, tenantId));

/** Called when the tenant's budget is set or removed: this process sees it on the next call. */
export const forgetTenantBudget = (tenantId: string): void => budgetPresence.forget(tenantId);

export type TokenLedgerState = {
  day: string;
  budgetTokens: number;
  spentTokens: number;
  reservedTokens: number;
};

export type TenantTokenReservation =
  | { status: "unbudgeted" }
  | ({ status: "reserved"; tokens: number } & TokenLedgerState)
  | ({ status: "refused" } & TokenLedgerState);

/**
 * Reserves `tokens` for a model call without a price on the tenant's ledger for today, if its daily
 * token budget for such calls covers them: the same single conditional upsert as for money. Without
 * a token budget the call is outside the budget ("unbudgeted").
 */
export async function reserveTenantTokens(
  sql: postgres.Sql,
  tenantId: string,
  tokens: number,
): Promise<TenantTokenReservation> {
  if (!(await budgetPresence.get(tenantId, () => hasBudget(sql, tenantId)))) return { status: "unbudgeted" };
  const amount = String(Math.ceil(tokens));
  const [row] = await sql`
    with b as (
      select daily_unpriced_tokens as budget, (now() at time zone 'utc')::date as day
      from tenant_budgets where tenant_id = ${tenantId}::uuid and daily_unpriced_tokens is not null
    ), reserved as (
      insert into tenant_spend_days as d (tenant_id, day, reserved_tokens)
      select ${tenantId}::uuid, b.day, ${amount}::bigint from b where ${amount}::bigint <= b.budget
      on conflict (tenant_id, day) do update set reserved_tokens = d.reserved_tokens + excluded.reserved_tokens
      where d.spent_tokens + d.reserved_tokens + excluded.reserved_tokens <= (select budget from b)
      returning d.day::text as day
    )
    select (select day from reserved) as reserved_day, b.day::text as day, b.budget::text as budget,
      coalesce(d.spent_tokens, 0)::text as spent, coalesce(d.reserved_tokens, 0)::text as reserved
    from b left join tenant_spend_days d on d.tenant_id = ${tenantId}::uuid and d.day = b.day`;
  if (!row) return { status: "unbudgeted" };
  const ledger: TokenLedgerState = {
    day: row.day as string,
    budgetTokens: Number(row.budget),
    spentTokens: Number(row.spent),
    reservedTokens: Number(row.reserved),
  };
  if (row.reserved_day) return { status: "reserved", tokens: Number(amount), ...ledger };
  return { status: "refused", ...ledger };
}

/** What one model call holds on the day's ledger: money for a priced model, tokens for an unpriced one. */
export type LedgerHold = { day: string; usd: number; tokens: number };

/** Gives a reservation back when the call it covered never committed (failure, kill, lost lease). */
export async function releaseTenantSpend(
  sql: postgres.Sql,
  tenantId: string,
  hold: LedgerHold,
): Promise<void> {
  await sql`
    update tenant_spend_days set
      reserved_usd = greatest(0, reserved_usd - ${hold.usd.toFixed(6)}::numeric),
      reserved_tokens = greatest(0, reserved_tokens - ${String(hold.tokens)}::bigint)
    where tenant_id = ${tenantId}::uuid and day = ${hold.day}::date`;
}
