"use client";

import { useState, useTransition } from "react";
import { createAlertRuleAction, deleteAlertRuleAction } from "@/app/(app)/settings/alert-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { AlertMetric } from "@/db/schema";
import type { AlertRuleView } from "@/lib/alerts/alert-rules";
import { formatMetric } from "@/lib/alerts/describe-alert";
import type { ActionResult } from "@/lib/http/server-action";

const METRICS: { value: AlertMetric; label: string; unit: string }[] = [
  { value: "failure_rate", label: "Failure rate (failed or unverified runs)", unit: "%" },
  { value: "p95_seconds", label: "p95 duration of ended runs", unit: "seconds" },
  { value: "cost_usd", label: "Cost of the runs started", unit: "USD" },
];

/** Conditions on agents' recent runs; admins write them, everyone reads them. */
export function AlertsSection({
  rules,
  agentNames,
  canManage,
}: {
  rules: AlertRuleView[];
  agentNames: string[];
  canManage: boolean;
}) {
  const { result, pending, form } = useKeptForm(createAlertRuleAction);
  const [metric, setMetric] = useState<AlertMetric>("failure_rate");
  const [removal, setRemoval] = useState<ActionResult<unknown> | null>(null);
  const [busy, start] = useTransition();
  const unit = METRICS.find((m) => m.value === metric)?.unit;

  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <p className="muted">
        A rule watches the runs started in a recent window, per agent: when the value goes above the threshold
        (with at least the runs it needs) an alert opens — on the home page, and as <code>alert.raised</code>{" "}
        to the webhooks that receive it — and closes by itself once the window is back under it. Measured
        every half minute.
      </p>
      {canManage && (
        <form {...form} className="form-grid alert-rule-form" aria-label="Add an alert rule">
          <FormError result={result} />
          <div className="field">
            <label htmlFor="alert-agent">Agent</label>
            <select id="alert-agent" name="agent" defaultValue="">
              <option value="">Every agent, each alone</option>
              {agentNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="alert-metric">When</label>
            <select
              id="alert-metric"
              name="metric"
              value={metric}
              onChange={(e) => setMetric(e.target.value as AlertMetric)}
            >
              {METRICS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="alert-threshold">Is above ({unit})</label>
            <input
              id="alert-threshold"
              name="threshold"
              type="number"
              inputMode="decimal"
              required
              min={0}
              max={metric === "failure_rate" ? 100 : undefined}
              step="any"
            />
          </div>
          <div className="field">
            <label htmlFor="alert-window">Over the last (minutes)</label>
            <input
              id="alert-window"
              name="window_minutes"
              type="number"
              inputMode="numeric"
              required
              min={5}
              max={1440}
              step={1}
              defaultValue={15}
            />
          </div>
          <div className="field">
            <label htmlFor="alert-min-runs">With at least (runs)</label>
            <input
              id="alert-min-runs"
              name="min_runs"
              type="number"
              inputMode="numeric"
              required
              min={1}
              step={1}
              defaultValue={5}
            />
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Add rule
          </button>
        </form>
      )}
      <FormError result={removal} />
      {rules.length === 0 ? (
        <p className="muted">No alert rules yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Alert rules">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Condition</th>
                <th>Open now</th>
                <th>Added by</th>
                {canManage && (
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id} data-testid="alert-rule">
                  <td>{rule.agentName ?? "every agent"}</td>
                  <td>
                    {METRICS.find((m) => m.value === rule.metric)?.label.toLowerCase()} above{" "}
                    {formatMetric(rule.metric, rule.threshold)} over {rule.windowMinutes} min, {rule.minRuns}+
                    runs
                  </td>
                  <td className={rule.openAlerts > 0 ? "metric-bad" : undefined}>{rule.openAlerts}</td>
                  <td className="muted">{rule.createdBy}</td>
                  {canManage && (
                    <td>
                      <button
                        type="button"
                        className="button-danger button-small"
                        disabled={busy}
                        onClick={() => {
                          if (window.confirm("Remove this alert rule and its alerts?"))
                            start(async () => setRemoval(await deleteAlertRuleAction(rule.id)));
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
