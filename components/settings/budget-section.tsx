"use client";

import { setBudgetAlertsAction, setTenantBudgetAction } from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { TenantBudgetToday } from "@/lib/budgets/tenant-budget";

const usd = (n: number) => `$${n.toFixed(n < 10 ? 4 : 2)}`;
const tokens = (n: number) => n.toLocaleString("en-US");

/** The tenant's daily cost budget and today's spend; admins set or remove it. */
export function BudgetSection({ today, canManage }: { today: TenantBudgetToday | null; canManage: boolean }) {
  const { result, pending, form } = useKeptForm(setTenantBudgetAction);
  return (
    <section className="card" aria-labelledby="budget-title">
      <h2 id="budget-title">Daily budget</h2>
      <p className="muted">
        Model calls reserve their worst-case cost before they run; when today&apos;s (UTC) budget cannot cover
        the next call, running runs stop with <code>budget_cost</code> and new runs are refused. Calls to a
        model without a price reserve their worst-case tokens instead, against the token budget below (they
        stop with <code>budget_tokens</code>); without one they are outside the budget — or give the model a
        price under Model prices.
      </p>
      <p role="status" data-testid="budget-status">
        {today
          ? `${usd(today.spentUsd)} spent and ${usd(today.reservedUsd)} reserved today of ${usd(today.budgetUsd)}.`
          : "No daily budget: runs are limited only by their agents' budgets."}
        {today?.unpricedTokens != null &&
          ` Models without a price: ${tokens(today.spentTokens)} tokens used and ${tokens(today.reservedTokens)} reserved of ${tokens(today.unpricedTokens)}.`}
      </p>
      {canManage && (
        <form {...form} className="form-row" aria-label="Set the daily budget">
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
          <div className="field">
            <label htmlFor="daily-unpriced-tokens">Tokens a day, models without a price</label>
            <input
              id="daily-unpriced-tokens"
              name="dailyUnpricedTokens"
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              defaultValue={today?.unpricedTokens ?? ""}
              aria-describedby="daily-unpriced-tokens-hint"
            />
            <p id="daily-unpriced-tokens-hint" className="hint">
              Optional. Empty leaves such models outside the budget.
            </p>
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save budget
          </button>
        </form>
      )}
      {today && <BudgetAlertsForm today={today} canManage={canManage} />}
    </section>
  );
}

/** When the budget alerts (threshold, signed webhook) and whether it freezes the tenant at 100 %. */
function BudgetAlertsForm({ today, canManage }: { today: TenantBudgetToday; canManage: boolean }) {
  const { result, pending, form } = useKeptForm(setBudgetAlertsAction);
  const secret = result?.ok ? result.data.webhookSecret : null;
  if (!canManage)
    return (
      <p className="muted">
        Alerts at {today.alertThresholdPct} % of the budget
        {today.alertWebhookUrl ? ", also to a webhook" : ""}
        {today.autoFreeze ? "; the tenant freezes when it is used up." : "."}
      </p>
    );
  return (
    <form {...form} className="budget-alerts" aria-label="Budget alerts">
      <h3>Alerts</h3>
      <FormError result={result} />
      {result?.ok && (
        <p className="muted" role="status">
          Saved.
        </p>
      )}
      {secret && (
        <div className="alert alert-warn" role="status">
          Webhook signing secret (shown once): <code data-testid="webhook-secret">{secret}</code>. Each alert
          is a JSON POST whose <code>x-flightdeck-signature</code> header is <code>sha256=</code> followed by
          the HMAC-SHA256 of the body with this secret.
        </div>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="alert-threshold">Alert at (% of the budget)</label>
          <input
            id="alert-threshold"
            name="alertThresholdPct"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            required
            defaultValue={today.alertThresholdPct}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor="alert-webhook">Webhook URL (optional)</label>
          <input
            id="alert-webhook"
            name="alertWebhookUrl"
            type="url"
            placeholder="https://hooks.example.com/flightdeck"
            defaultValue={today.alertWebhookUrl ?? ""}
          />
        </div>
      </div>
      <label className="radio">
        <input type="checkbox" name="autoFreeze" defaultChecked={today.autoFreeze} /> Freeze the tenant when
        the budget is used up (through the kill switch; an admin unfreezes it)
      </label>
      <button type="submit" className="button button-secondary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Save alerts
      </button>
    </form>
  );
}
