import type { WebhookEndpointSummary } from "./endpoints";

/** The API's view of a webhook: snake_case, never its secret. */
export const toWebhookJson = (endpoint: WebhookEndpointSummary) => ({
  id: endpoint.id,
  url: endpoint.url,
  events: endpoint.events,
  created_at: endpoint.createdAt,
  recent_deliveries: endpoint.deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created_at: d.createdAt,
    delivered_at: d.deliveredAt,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt : null,
  })),
});
