import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { tenantBudgets, tenantSpendDays } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";

export type TenantBudgetToday = { budgetUsd: number; spentUsd: number; reservedUsd: number; day: string };

/** The tenant's daily budget and today's (UTC) ledger, or null when the tenant has no budget. */
export async function tenantBudgetToday(db: DbOrTx, tenantId: string): Promise<TenantBudgetToday | null> {
  const day = sql<string>`((now() at time zone 'utc')::date)::text`;
  const [row] = await db
    .select({
      budgetUsd: tenantBudgets.dailyBudgetUsd,
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
  return {
    budgetUsd: row.budgetUsd,
    spentUsd: Number(row.spentUsd),
    reservedUsd: Number(row.reservedUsd),
    day: row.day,
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
}
