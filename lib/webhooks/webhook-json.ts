import { z } from "zod";
import { WEBHOOK_FORMATS } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import type { WebhookEndpointSummary } from "./endpoints";

const deliveryJson = z.object({
  id: z.string(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  last_status: z.number().nullable(),
  last_error: z.string().nullable(),
  created_at: timestamp,
  delivered_at: timestamp.nullable(),
  next_attempt_at: timestamp.nullable(),
});

export const webhookJson = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  format: z.enum(WEBHOOK_FORMATS),
  created_at: timestamp,
  recent_deliveries: z.array(deliveryJson),
});

/** A new webhook: its signing secret is in this answer only. */
export const createdWebhookJson = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  format: z.enum(WEBHOOK_FORMATS),
  secret: z.string(),
});

/** The API's view of a webhook: snake_case, never its secret. */
export const toWebhookJson = (endpoint: WebhookEndpointSummary): z.input<typeof webhookJson> => ({
  id: endpoint.id,
  url: endpoint.url,
  events: endpoint.events,
  format: endpoint.format,
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
