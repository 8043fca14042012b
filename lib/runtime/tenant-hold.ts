import type { Db } from "@/db/client";
import { dueAlert, raiseBudgetAlert } from "@/lib/budgets/budget-alerts";
import { type LedgerHold, reserveTenantSpend, reserveTenantTokens } from "@/lib/budgets/tenant-ledger";
import type { RunEnding } from "./persist-step";
import { tenantBudgetEnding, unpricedBudgetEnding } from "./run-budget";

/**
 * Holds the next model call's worst case on the tenant's daily ledger: its cost for a priced model,
 * its tokens for a model without a price (under the tenant's token budget for such calls). Null when
 * the tenant has no budget that covers the call; an ending when the budget cannot cover it.
 */
export async function holdTenantBudget(
  db: Db,
  tenantId: string,
  worst: { worstUsd: number | null; worstTokens: number },
): Promise<{ hold: LedgerHold | null } | { ending: RunEnding }> {
  const sql = db.$client;
  if (worst.worstUsd === null) {
    const reserved = await reserveTenantTokens(sql, tenantId, worst.worstTokens);
    if (reserved.status === "refused") return { ending: unpricedBudgetEnding(reserved) };
    return {
      hold: reserved.status === "reserved" ? { day: reserved.day, usd: 0, tokens: reserved.tokens } : null,
    };
  }
  const reserved = await reserveTenantSpend(sql, tenantId, worst.worstUsd);
  if (reserved.status === "unbudgeted") return { hold: null };
  const due = dueAlert(reserved, reserved.status === "refused");
  // Off the step's path: a slow webhook must not hold the run.
  if (due)
    void raiseBudgetAlert(db, tenantId, reserved, due).catch((error) =>
      console.error("Raising a budget alert failed", error),
    );
  if (reserved.status === "refused") return { ending: tenantBudgetEnding(reserved) };
  return { hold: { day: reserved.day, usd: reserved.usd, tokens: 0 } };
}
