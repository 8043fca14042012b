"use client";

import { useActionState } from "react";
import { setTenantBudgetAction } from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";
import type { TenantBudgetToday } from "@/lib/budgets/tenant-budget";

const usd = (n: number) => `$${n.toFixed(n < 10 ? 4 : 2)}`;

/** The tenant's daily cost budget and today's spend; admins set or remove it. */
export function BudgetSection({ today, canManage }: { today: TenantBudgetToday | null; canManage: boolean }) {
  const [result, formAction, pending] = useActionState(setTenantBudgetAction, null);
  return (
    <section className="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Daily budget</h2>
      <p className="muted">
        Model calls reserve their worst-case cost before they run; when today&apos;s (UTC) budget cannot cover
        the next call, running runs stop with <code>budget_cost</code> and new runs are refused. Unpriced
        models are not counted.
      </p>
      <p role="status" data-testid="budget-status">
        {today
          ? `${usd(today.spentUsd)} spent and ${usd(today.reservedUsd)} reserved today of ${usd(today.budgetUsd)}.`
          : "No daily budget: runs are limited only by their agents' budgets."}
      </p>
      {canManage && (
        <form action={formAction} className="form-row" aria-label="Set the daily budget">
          <FormError result={result} />
          {result?.ok && (
            <span className="muted" role="status">
              Saved.
            </span>
          )}
          <div className="field">
            <label htmlFor="daily-budget">Daily budget (USD)</label>
            <input
              id="daily-budget"
              name="dailyBudgetUsd"
              type="number"
              inputMode="decimal"
              min={0}
              max={1_000_000}
              step="any"
              defaultValue={today?.budgetUsd ?? ""}
              aria-describedby="daily-budget-hint"
            />
            <p id="daily-budget-hint" className="hint">
              Empty removes the budget.
            </p>
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save budget
          </button>
        </form>
      )}
    </section>
  );
}
