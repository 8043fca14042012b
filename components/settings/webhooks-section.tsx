"use client";

import { useState, useTransition } from "react";
import {
  createWebhookAction,
  deleteWebhookAction,
  resendWebhookDeliveryAction,
  sendTestWebhookAction,
  setEscalationAction,
} from "@/app/(app)/settings/webhook-actions";
import { Time } from "@/components/time/time-zone";
import { FormError } from "@/components/ui/form-error";
import { ShownOnce } from "@/components/ui/shown-once";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionResult } from "@/lib/http/server-action";
import type { WebhookEndpointSummary } from "@/lib/webhooks/endpoints";
import { MAX_ESCALATION_MINUTES } from "@/lib/webhooks/escalation-setting";

const EVENTS = [
  { value: "run.ended", label: "A run ended", hint: "any run of this tenant reached its final status" },
  {
    value: "gate.call.decided",
    label: "A gate call was decided",
    hint: "an outside agent's call that waited for a person was approved, rejected, expired or cancelled",
  },
  {
    value: "approval.requested",
    label: "A call waits for approval",
    hint: "policy sent a tool call to the inbox (its arguments stay in the app)",
  },
  {
    value: "approval.escalated",
    label: "An approval was escalated",
    hint: "nobody decided a request within the escalation delay below: give this one to the second group",
    off: true,
  },
  {
    value: "kill_switch.engaged",
    label: "A kill switch was engaged",
    hint: "an agent was paused, this tenant frozen or the whole deployment stopped",
  },
  {
    value: "alert.raised",
    label: "An alert opened",
    hint: "an agent's recent runs broke one of the alert rules below (failure rate, latency, cost)",
  },
  {
    value: "budget.threshold_reached",
    label: "Spend crossed the budget's alert threshold",
    hint: "today's spend reached the share of the daily budget set under Daily budget",
  },
  {
    value: "budget.exhausted",
    label: "The daily budget is used up",
    hint: "new model calls are refused until tomorrow (and the tenant is frozen if auto-freeze is on)",
  },
  {
    value: "rollout.rolled_back",
    label: "A rollout was rolled back",
    hint: "a candidate version failed more than the stable one, and every new run went back to the stable version",
  },
] as const;

const FORMATS = [
  { value: "flightdeck", label: "Flightdeck event (JSON)" },
  { value: "slack", label: "Slack-compatible message (text, with the event under flightdeck)" },
] as const;

export function WebhooksSection({
  endpoints,
  escalationMinutes,
}: {
  endpoints: WebhookEndpointSummary[];
  escalationMinutes: number | null;
}) {
  const { result, pending, form } = useKeptForm(createWebhookAction);
  const [actionResult, setActionResult] = useState<ActionResult<unknown> | null>(null);
  const [busy, start] = useTransition();
  const act = (run: () => Promise<ActionResult<unknown>>) => start(async () => setActionResult(await run()));

  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted">
        Flightdeck posts the events you choose to your URL as JSON, signed in the{" "}
        <code>Flightdeck-Signature</code> header (<code>t=…,v1=…</code>: HMAC-SHA256 of <code>t.body</code>{" "}
        with the webhook's secret). A receiver that does not answer 2xx is retried for about 8 hours.
      </p>
      <form
        {...form}
        className="card webhook-form"
        style={{ background: "#fafbfc" }}
        aria-label="Add a webhook"
      >
        <FormError result={result} />
        {result?.ok && (
          <ShownOnce
            message="Webhook added. Copy its signing secret now: it is not shown again."
            secret={result.data.secret}
            testId="new-webhook-secret"
          />
        )}
        <div className="field">
          <label htmlFor="webhook-url">URL</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            required
            maxLength={2000}
            placeholder="https://hooks.example.com/flightdeck"
          />
        </div>
        <fieldset className="field">
          <legend>Events</legend>
          {EVENTS.map((event) => (
            <label key={event.value} className="checkbox">
              <input type="checkbox" name="events" value={event.value} defaultChecked={!("off" in event)} />
              <span>
                {event.label} <span className="muted">— {event.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="webhook-format">Format</label>
          <select id="webhook-format" name="format" defaultValue="flightdeck">
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Add webhook
        </button>
      </form>
      <EscalationForm minutes={escalationMinutes} />
      <FormError result={actionResult} />
      {endpoints.length === 0 ? (
        <p className="muted">No webhooks yet.</p>
      ) : (
        endpoints.map((endpoint) => (
          <div key={endpoint.id} className="webhook" data-testid="webhook">
            <div className="webhook-head">
              <div>
                <div className="mono webhook-url">{endpoint.url}</div>
                <div className="muted">
                  {endpoint.events.join(", ")} · {endpoint.format === "slack" ? "Slack message" : "JSON"} ·
                  added <Time at={endpoint.createdAt} />
                </div>
              </div>
              <div className="webhook-actions">
                <button
                  type="button"
                  className="button-secondary button-small"
                  disabled={busy}
                  onClick={() => act(() => sendTestWebhookAction(endpoint.id))}
                >
                  Send test
                </button>
                <button
                  type="button"
                  className="button-danger button-small"
                  disabled={busy}
                  onClick={() => {
                    if (
                      window.confirm(
                        `Remove the webhook to ${endpoint.url}? What is queued for it is dropped.`,
                      )
                    )
                      act(() => deleteWebhookAction(endpoint.id));
                  }}
                >
                  Remove
                </button>
              </div>
            </div>
            <Deliveries
              deliveries={endpoint.deliveries}
              busy={busy}
              onResend={(deliveryId) => act(() => resendWebhookDeliveryAction(endpoint.id, deliveryId))}
            />
          </div>
        ))
      )}
    </section>
  );
}

function EscalationForm({ minutes }: { minutes: number | null }) {
  const { result, pending, form } = useKeptForm(setEscalationAction);
  return (
    <form {...form} className="form-row escalation-form" aria-label="Escalation">
      <FormError result={result} />
      {result?.ok && (
        <span className="muted" role="status">
          {result.data.after_minutes === null
            ? "Saved: requests are not escalated."
            : `Saved: requests undecided after ${result.data.after_minutes} min are escalated.`}
        </span>
      )}
      <div className="field">
        <label htmlFor="escalation-minutes">Escalate an approval undecided after (minutes)</label>
        <input
          id="escalation-minutes"
          name="after_minutes"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_ESCALATION_MINUTES}
          step={1}
          defaultValue={minutes ?? ""}
          placeholder="never"
          aria-describedby="escalation-hint"
        />
        <p id="escalation-hint" className="hint">
          Sent once per request to the webhooks that receive <code>approval.escalated</code>; the inbox marks
          it. Empty: never.
        </p>
      </div>
      <button type="submit" className="button-secondary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Save escalation
      </button>
    </form>
  );
}

function Deliveries({
  deliveries,
  busy,
  onResend,
}: {
  deliveries: WebhookEndpointSummary["deliveries"];
  busy: boolean;
  onResend: (deliveryId: string) => void;
}) {
  if (deliveries.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Recent deliveries">
        <thead>
          <tr>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Last answer</th>
            <th>Queued</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td className="mono">{d.event}</td>
              <td>
                <span className={`badge badge-${d.status}`}>{d.status}</span>
                {d.status === "pending" && d.attempts > 0 && (
                  <div className="muted">
                    next try <Time at={d.nextAttemptAt} fallback="—" />
                  </div>
                )}
                {d.status === "failed" && (
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={busy}
                    onClick={() => onResend(d.id)}
                    aria-label={`Send the ${d.event} delivery again`}
                  >
                    Send again
                  </button>
                )}
              </td>
              <td>{d.attempts}</td>
              <td className="muted">{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "—")}</td>
              <td className="muted">
                <Time at={d.createdAt} fallback="—" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
