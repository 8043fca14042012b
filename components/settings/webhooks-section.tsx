"use client";

import { useState, useTransition } from "react";
import {
  createWebhookAction,
  deleteWebhookAction,
  sendTestWebhookAction,
} from "@/app/(app)/settings/webhook-actions";
import { Time } from "@/components/time/time-zone";
import { FormError } from "@/components/ui/form-error";
import { ShownOnce } from "@/components/ui/shown-once";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionResult } from "@/lib/http/server-action";
import type { WebhookEndpointSummary } from "@/lib/webhooks/endpoints";

const EVENTS = [
  { value: "run.ended", label: "A run ended", hint: "any run of this tenant reached its final status" },
  {
    value: "gate.call.decided",
    label: "A gate call was decided",
    hint: "an outside agent's call that waited for a person was approved, rejected, expired or cancelled",
  },
] as const;

export function WebhooksSection({ endpoints }: { endpoints: WebhookEndpointSummary[] }) {
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
              <input type="checkbox" name="events" value={event.value} defaultChecked />
              <span>
                {event.label} <span className="muted">— {event.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Add webhook
        </button>
      </form>
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
                  {endpoint.events.join(", ")} · added <Time at={endpoint.createdAt} />
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
            <Deliveries deliveries={endpoint.deliveries} />
          </div>
        ))
      )}
    </section>
  );
}

function Deliveries({ deliveries }: { deliveries: WebhookEndpointSummary["deliveries"] }) {
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
