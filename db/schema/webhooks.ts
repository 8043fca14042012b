import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * `run.ended`: a run of the tenant reached a final status; `gate.call.decided`: a person (or the
 * clock, or a kill) decided a gate call that waited; `approval.requested`: a call waits for a person;
 * `approval.escalated`: nobody decided it within the tenant's escalation delay;
 * `kill_switch.engaged`: an agent was paused, the tenant frozen or the deployment stopped; `ping`: a
 * test an admin sent; `alert.raised`: an agent's recent runs broke one of the tenant's alert rules;
 * `budget.threshold_reached` / `budget.exhausted`: the tenant's daily spend crossed its alert
 * threshold / reached its budget;
 * `rollout.rolled_back`: a rollout's candidate failed more than the stable version and was rolled back.
 */
export const WEBHOOK_EVENTS = [
  "run.ended",
  "gate.call.decided",
  "approval.requested",
  "approval.escalated",
  "kill_switch.engaged",
  "alert.raised",
  "budget.threshold_reached",
  "budget.exhausted",
  "rollout.rolled_back",
] as const;

/** `flightdeck`: the event as JSON; `slack`: a Slack-compatible message (`text` and `blocks`). */
export const WEBHOOK_FORMATS = ["flightdeck", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "ping";

/** A receiver of the tenant's events, signed with its own secret. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    secret: text("secret").notNull(),
    format: text("format", { enum: WEBHOOK_FORMATS }).notNull().default("flightdeck"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

/**
 * One event for one endpoint, written in the transaction that made the event happen (by a trigger,
 * so no way of ending a run can forget it) and sent by the workers until the receiver takes it.
 * The body is built when first sent and kept, so every retry sends the same bytes.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id").notNull(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** The run (run.ended), the approval (gate.call.decided, approval.*) or the kill switch the event is about. */
    subjectId: uuid("subject_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt.desc()),
    uniqueIndex("webhook_deliveries_event_idx")
      .on(t.endpointId, t.event, t.subjectId)
      .where(sql`subject_id is not null`),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
