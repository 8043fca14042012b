import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { tenantBudgets, tenantSpendDays } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { randomToken } from "@/lib/auth/secrets";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isPrivateHost } from "@/lib/net/public-address";
import { forgetTenantBudget } from "./tenant-ledger";

export type TenantBudgetToday = {
  budgetUsd: number;
  spentUsd: number;
  reservedUsd: number;
  day: string;
  alertThresholdPct: number;
  alertWebhookUrl: string | null;
  autoFreeze: boolean;
  /** Today's spend reached the alert threshold (the banner shows). */
  alerting: boolean;
};

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
      day,
    })
    .from(tenantBudgets)
    .leftJoin(
      tenantSpendDays,
      and(
        eq(tenantSpendDays.tenantId, tenantBudgets.tenantId),
        sql`${tenantSpendDays.day} = (now() at time zone 'utc')::date`,
      ),
    )
    .where(eq(tenantBudgets.tenantId, tenantId));
  if (!row) return null;
  const spentUsd = Number(row.spentUsd);
  return {
    budgetUsd: row.budgetUsd,
    spentUsd,
    reservedUsd: Number(row.reservedUsd),
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
});

/** Sets or removes the tenant's daily cost budget; audited as `budget.updated`. */
export async function setTenantBudget(db: Db, actor: Actor, input: z.input<typeof setTenantBudgetSchema>) {
  assertScope(actor, "budgets:manage");
  const { dailyBudgetUsd } = setTenantBudgetSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ usd: tenantBudgets.dailyBudgetUsd })
      .from(tenantBudgets)
      .where(eq(tenantBudgets.tenantId, actor.tenantId))
      .for("update");
    if (dailyBudgetUsd === null)
      await tx.delete(tenantBudgets).where(eq(tenantBudgets.tenantId, actor.tenantId));
    else
      await tx
        .insert(tenantBudgets)
        .values({ tenantId: actor.tenantId, dailyBudgetUsd, updatedBy: actor.label })
        .onConflictDoUpdate({
          target: tenantBudgets.tenantId,
          set: { dailyBudgetUsd, updatedBy: actor.label, updatedAt: new Date() },
        });
    await recordAudit(tx, actor, {
      action: "budget.updated",
      targetType: "tenant",
      targetId: actor.tenantId,
      details: { dailyBudgetUsd: { from: before?.usd ?? null, to: dailyBudgetUsd } },
    });
  });
  forgetTenantBudget(actor.tenantId);
}

export const budgetAlertsSchema = z.object({
  alertThresholdPct: z
    .number({ error: "The alert threshold must be a whole percentage." })
    .int("The alert threshold must be a whole percentage.")
    .min(1, "The alert threshold is at least 1 %.")
    .max(100, "The alert threshold is at most 100 %."),
  /** Null removes the webhook. */
  alertWebhookUrl: z
    .url({ protocol: /^https?$/, error: "The webhook must be an http(s) URL." })
    .max(2000)
    .refine((url) => env().FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE || !isPrivateHost(new URL(url).hostname), {
      error:
        "The webhook must be on a public address: this server does not call itself or local networks (FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE=1 allows it).",
    })
    .nullable(),
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
