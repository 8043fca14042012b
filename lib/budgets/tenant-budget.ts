import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { tenantBudgets, tenantSpendDays } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { randomToken } from "@/lib/auth/secrets";
import { AppError } from "@/lib/errors";
import { webhookUrlSchema } from "@/lib/net/webhook-url";
import { forgetTenantBudget } from "./tenant-ledger";

export type TenantBudgetToday = {
  budgetUsd: number;
  spentUsd: number;
  reservedUsd: number;
  /** The daily token budget for model calls without a price, if any, and today's use of it. */
  unpricedTokens: number | null;
  spentTokens: number;
  reservedTokens: number;
  day: string;
  alertThresholdPct: number;
  alertWebhookUrl: string | null;
  autoFreeze: boolean;
  /** Today's spend reached the alert threshold (the banner shows). */
  alerting: boolean;
};

const TODAY = sql`(now() at time zone 'utc')::date`;

/**
 * Whether the tenant's budget today refuses a run whose first call's worst case is `firstCall`, as an
 * SQL condition: the test `startRun` makes on tenantBudgetToday's figures, for a start made in one
 * statement.
 */
export const budgetRefusesSql = (
  tenantId: string,
  firstCall: { tokens: number; usd: number | null },
): SQL => sql`
  exists (select 1 from ${tenantBudgets} left join ${tenantSpendDays}
      on ${tenantSpendDays.tenantId} = ${tenantBudgets.tenantId} and ${tenantSpendDays.day} = ${TODAY}
    where ${tenantBudgets.tenantId} = ${tenantId}
      and (coalesce(${tenantSpendDays.spentUsd}, 0) + coalesce(${tenantSpendDays.reservedUsd}, 0)
             + ${firstCall.usd ?? 0}::numeric > ${tenantBudgets.dailyBudgetUsd}
        or (${firstCall.usd === null} and ${tenantBudgets.dailyUnpricedTokens} is not null
          and coalesce(${tenantSpendDays.spentTokens}, 0) + coalesce(${tenantSpendDays.reservedTokens}, 0)
             + ${firstCall.tokens}::bigint > ${tenantBudgets.dailyUnpricedTokens})))`;

/** The tenant's daily budget and today's (UTC) ledger, or null when the tenant has no budget. */
export async function tenantBudgetToday(db: DbOrTx, tenantId: string): Promise<TenantBudgetToday | null> {
  const day = sql<string>`((now() at time zone 'utc')::date)::text`;
  const [row] = await db
    .select({
      budgetUsd: tenantBudgets.dailyBudgetUsd,
      alertThresholdPct: tenantBudgets.alertThresholdPct,
      alertWebhookUrl: tenantBudgets.alertWebhookUrl,
      autoFreeze: tenantBudgets.autoFreeze,
      spentUsd: sql<string>`coalesce(${tenantSpendDays.spentUsd}, 0)::text`,
      reservedUsd: sql<string>`coalesce(${tenantSpendDays.reservedUsd}, 0)::text`,
      unpricedTokens: tenantBudgets.dailyUnpricedTokens,
      spentTokens: sql<string>`coalesce(${tenantSpendDays.spentTokens}, 0)::text`,
      reservedTokens: sql<string>`coalesce(${tenantSpendDays.reservedTokens}, 0)::text`,
      day,
    })
    .from(tenantBudgets)
    .leftJoin(
      tenantSpendDays,
      and(eq(tenantSpendDays.tenantId, tenantBudgets.tenantId), sql`${tenantSpendDays.day} = ${TODAY}`),
    )
    .where(eq(tenantBudgets.tenantId, tenantId));
  if (!row) return null;
  const spentUsd = Number(row.spentUsd);
  return {
    budgetUsd: row.budgetUsd,
    spentUsd,
    reservedUsd: Number(row.reservedUsd),
    unpricedTokens: row.unpricedTokens,
    spentTokens: Number(row.spentTokens),
    reservedTokens: Number(row.reservedTokens),
    day: row.day,
    alertThresholdPct: row.alertThresholdPct,
    alertWebhookUrl: row.alertWebhookUrl,
    autoFreeze: row.autoFreeze,
    alerting: spentUsd >= (row.budgetUsd * row.alertThresholdPct) / 100,
  };
}

export const setTenantBudgetSchema = z.object({
  /** Null removes the budget. */
  dailyBudgetUsd: z
    .number({ error: "The daily budget must be a number of USD." })
    .min(0, "The daily budget cannot be negative.")
    .max(1_000_000, "Keep the daily budget under 1,000,000 USD.")
    .nullable(),
  /** Tokens a day for models without a price; null leaves them outside the budget, absent keeps it. */
  dailyUnpricedTokens: z
    .number({ error: "The token budget must be a whole number of tokens." })
    .int("The token budget must be a whole number of tokens.")
    .min(0, "The token budget cannot be negative.")
    .max(1_000_000_000_000, "Keep the token budget under 1,000,000,000,000 tokens.")
    .nullable()
    .optional(),
});

/** Sets or removes the tenant's daily cost budget; audited as `budget.updated`. */
export async function setTenantBudget(db: Db, actor: Actor, input: z.input<typeof setTenantBudgetSchema>) {
  assertScope(actor, "budgets:manage");
  const { dailyBudgetUsd, dailyUnpricedTokens } = setTenantBudgetSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ usd: tenantBudgets.dailyBudgetUsd, tokens: tenantBudgets.dailyUnpricedTokens })
      .from(tenantBudgets)
      .where(eq(tenantBudgets.tenantId, actor.tenantId))
      .for("update");
    if (dailyBudgetUsd === null)
      await tx.delete(tenantBudgets).where(eq(tenantBudgets.tenantId, actor.tenantId));
    else
      await tx
        .insert(tenantBudgets)
        .values({ tenantId: actor.tenantId, dailyBudgetUsd, dailyUnpricedTokens, updatedBy: actor.label })
        .onConflictDoUpdate({
          target: tenantBudgets.tenantId,
          set: { dailyBudgetUsd, dailyUnpricedTokens, updatedBy: actor.label, updatedAt: new Date() },
        });
    const tokensTo =
      dailyBudgetUsd === null
        ? null
        : dailyUnpricedTokens === undefined
          ? (before?.tokens ?? null)
          : dailyUnpricedTokens;
    // A budget set in the middle of a day counts what the tenant already spent that day.
    const startedFrom =
      dailyBudgetUsd !== null && (!before || (tokensTo !== null && before.tokens === null))
        ? await startLedgerToday(tx, actor.tenantId)
        : null;
    await recordAudit(tx, actor, {
      action: "budget.updated",
      targetType: "tenant",
      targetId: actor.tenantId,
      details: {
        dailyBudgetUsd: { from: before?.usd ?? null, to: dailyBudgetUsd },
        ...(tokensTo !== (before?.tokens ?? null)
          ? { dailyUnpricedTokens: { from: before?.tokens ?? null, to: tokensTo } }
          : {}),
        ...(startedFrom !== null
          ? {
              spentTodayUsd: startedFrom.usd,
              ...(tokensTo !== null ? { unpricedTokensToday: startedFrom.tokens } : {}),
            }
          : {}),
      },
    });
  });
  forgetTenantBudget(actor.tenantId);
}

/**
 * Opens today's (UTC) ledger with what the tenant's runs already used today (model steps ended since
 * midnight): the cost of priced calls, and the tokens of calls without a price. So a new budget
 * starts from the day's real spend, not from zero.
 */
async function startLedgerToday(tx: DbOrTx, tenantId: string): Promise<{ usd: number; tokens: number }> {
  const [row] = await tx.execute<{ spent: string; tokens: string }>(sql`
    with today as (select (now() at time zone 'utc')::date as day),
    spent as (
      select coalesce(sum(s.cost_usd), 0) as usd,
        coalesce(sum((s.payload->'usage'->>'inputTokens')::bigint + (s.payload->'usage'->>'outputTokens')::bigint)
          filter (where s.cost_usd is null), 0) as tokens
      from runs r join run_steps s on s.run_id = r.id, today
      where r.tenant_id = ${tenantId} and (r.ended_at is null or r.ended_at >= today.day::timestamp at time zone 'utc')
        and s.kind = 'model' and s.ended_at >= today.day::timestamp at time zone 'utc'
    )
    insert into tenant_spend_days as d (tenant_id, day, spent_usd, spent_tokens)
    select ${tenantId}, today.day, spent.usd, spent.tokens from today, spent
    on conflict (tenant_id, day) do update set spent_usd = greatest(d.spent_usd, excluded.spent_usd),
      spent_tokens = greatest(d.spent_tokens, excluded.spent_tokens)
    returning d.spent_usd::text as spent, d.spent_tokens::text as tokens`);
  return { usd: Number(row?.spent ?? 0), tokens: Number(row?.tokens ?? 0) };
}

export const budgetAlertsSchema = z.object({
  alertThresholdPct: z
    .number({ error: "The alert threshold must be a whole percentage." })
    .int("The alert threshold must be a whole percentage.")
    .min(1, "The alert threshold is at least 1 %.")
    .max(100, "The alert threshold is at most 100 %."),
  /** Null removes the webhook. */
  alertWebhookUrl: webhookUrlSchema.nullable(),
  autoFreeze: z.boolean(),
});

/**
 * Sets when and how the tenant is alerted about its daily budget. A new webhook URL gets a new
 * signing secret, returned once (the receiver verifies the `x-flightdeck-signature` header with it).
 */
export async function setBudgetAlerts(
  db: Db,
  actor: Actor,
  input: z.input<typeof budgetAlertsSchema>,
): Promise<{ webhookSecret: string | null }> {
  assertScope(actor, "budgets:manage");
  const settings = budgetAlertsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(tenantBudgets)
      .where(eq(tenantBudgets.tenantId, actor.tenantId))
      .for("update");
    if (!before)
      throw new AppError("conflict", "Set a daily budget first: alerts are about that budget.", {
        field: "alertThresholdPct",
      });
    const newWebhook =
      settings.alertWebhookUrl !== null && settings.alertWebhookUrl !== before.alertWebhookUrl;
    const secret = newWebhook ? randomToken(24) : null;
    await tx
      .update(tenantBudgets)
      .set({
        alertThresholdPct: settings.alertThresholdPct,
        alertWebhookUrl: settings.alertWebhookUrl,
        alertWebhookSecret: settings.alertWebhookUrl === null ? null : (secret ?? before.alertWebhookSecret),
        autoFreeze: settings.autoFreeze,
        updatedBy: actor.label,
        updatedAt: new Date(),
      })
      .where(eq(tenantBudgets.tenantId, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "budget.alerts_updated",
      targetType: "tenant",
      targetId: actor.tenantId,
      // The URL may carry a token of the receiver's: only whether one is set is logged.
      details: {
        alertThresholdPct: { from: before.alertThresholdPct, to: settings.alertThresholdPct },
        webhook: { from: before.alertWebhookUrl !== null, to: settings.alertWebhookUrl !== null },
        autoFreeze: { from: before.autoFreeze, to: settings.autoFreeze },
      },
    });
    return { webhookSecret: secret };
  });
}
