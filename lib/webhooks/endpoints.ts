import { and, count, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  WEBHOOK_EVENTS,
  WEBHOOK_FORMATS,
  type WebhookDelivery,
  type WebhookFormat,
  webhookDeliveries,
  webhookEndpoints,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { randomToken } from "@/lib/auth/secrets";
import { announceWebhooks } from "@/lib/engine-events/webhooks-channel";
import { AppError } from "@/lib/errors";
import { webhookUrlSchema } from "@/lib/net/webhook-url";

/** Enough for a few receivers per environment; each event is sent to every one of them. */
export const MAX_ENDPOINTS = 10;
const RECENT_DELIVERIES = 10;

export type WebhookEndpointSummary = {
  id: string;
  url: string;
  events: string[];
  format: WebhookFormat;
  createdAt: Date;
  deliveries: Pick<
    WebhookDelivery,
    | "id"
    | "event"
    | "status"
    | "attempts"
    | "lastStatus"
    | "lastError"
    | "createdAt"
    | "deliveredAt"
    | "nextAttemptAt"
  >[];
};

export const createWebhookSchema = z.object({
  url: webhookUrlSchema,
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { message: `Choose among ${WEBHOOK_EVENTS.join(", ")}.` }))
    .min(1, "Choose at least one event.")
    .max(WEBHOOK_EVENTS.length, "Name each event once."),
  format: z
    .enum(WEBHOOK_FORMATS, { message: `Choose a format among ${WEBHOOK_FORMATS.join(", ")}.` })
    .default("flightdeck"),
});

/** The tenant's endpoints, each with its latest deliveries. */
export async function listWebhookEndpoints(db: Db, actor: Actor): Promise<WebhookEndpointSummary[]> {
  assertScope(actor, "webhooks:manage");
  const endpoints = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      events: webhookEndpoints.events,
      format: webhookEndpoints.format,
      createdAt: webhookEndpoints.createdAt,
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, actor.tenantId))
    .orderBy(webhookEndpoints.createdAt);
  return Promise.all(
    endpoints.map(async (endpoint) => ({ ...endpoint, deliveries: await recentDeliveries(db, endpoint.id) })),
  );
}

function recentDeliveries(db: Db, endpointId: string) {
  return db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
      createdAt: webhookDeliveries.createdAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(RECENT_DELIVERIES);
}

/** Adds a receiver and returns its signing secret: the only time it is shown. */
export async function createWebhookEndpoint(
  db: Db,
  actor: Actor,
  input: z.input<typeof createWebhookSchema>,
): Promise<{ id: string; secret: string }> {
  assertScope(actor, "webhooks:manage");
  const { url, events: named, format } = createWebhookSchema.parse(input);
  const events = [...new Set(named)];
  return db.transaction(async (tx) => {
    // Serializes additions per tenant, so the limit holds under concurrent requests.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhooks:${actor.tenantId}`}))`);
    const [existing] = await tx
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, actor.tenantId));
    if ((existing?.n ?? 0) >= MAX_ENDPOINTS)
      throw new AppError("conflict", `A tenant has at most ${MAX_ENDPOINTS} webhooks: remove one first.`);
    const secret = `whsec_${randomToken(24)}`;
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ tenantId: actor.tenantId, url, events, format, secret })
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new AppError("internal", "The webhook could not be stored.");
    await recordAudit(tx, actor, {
      action: "webhook.created",
      targetType: "webhook",
      targetId: row.id,
      details: { url, events, format },
    });
    return { id: row.id, secret };
  });
}

/** Removes a receiver; what was queued for it is dropped with it. */
export async function deleteWebhookEndpoint(db: Db, actor: Actor, input: { id: string }): Promise<void> {
  assertScope(actor, "webhooks:manage");
  const { id } = parseId(input);
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.tenantId, actor.tenantId)))
      .returning({ url: webhookEndpoints.url });
    if (!removed) throw noSuchWebhook();
    await recordAudit(tx, actor, {
      action: "webhook.deleted",
      targetType: "webhook",
      targetId: id,
      details: { url: removed.url },
    });
  });
}

/** Queues a `ping` to the receiver, so an admin can see a delivery succeed (or why it does not). */
export async function sendTestWebhook(db: Db, actor: Actor, input: { id: string }): Promise<void> {
  assertScope(actor, "webhooks:manage");
  const { id } = parseId(input);
  await db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.tenantId, actor.tenantId)));
    if (!endpoint) throw noSuchWebhook();
    await tx.insert(webhookDeliveries).values({
      tenantId: actor.tenantId,
      endpointId: id,
      event: "ping",
      payload: {
        event: "ping",
        tenant: { id: actor.tenantId, name: actor.tenantName },
        sent_by: actor.label,
      },
    });
    await recordAudit(tx, actor, { action: "webhook.tested", targetType: "webhook", targetId: id });
    await announceWebhooks(tx, actor.tenantId);
  });
}

/** Queues a delivery that was given up again, from its first attempt, with the same body and id. */
export async function resendWebhookDelivery(
  db: Db,
  actor: Actor,
  input: { id: string; deliveryId: string },
): Promise<void> {
  assertScope(actor, "webhooks:manage");
  const parsed = z.object({ id: z.uuid(), deliveryId: z.uuid() }).safeParse(input);
  if (!parsed.success) throw noSuchDelivery();
  const { id, deliveryId } = parsed.data;
  await db.transaction(async (tx) => {
    const [delivery] = await tx
      .select({ status: webhookDeliveries.status, event: webhookDeliveries.event })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.endpointId, id),
          eq(webhookDeliveries.tenantId, actor.tenantId),
        ),
      )
      .for("update");
    if (!delivery) throw noSuchDelivery();
    if (delivery.status !== "failed")
      throw new AppError(
        "conflict",
        `This delivery is ${delivery.status}: only a failed one can be sent again.`,
      );
    await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()`, lastError: null, lastStatus: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    await recordAudit(tx, actor, {
      action: "webhook.resent",
      targetType: "webhook",
      targetId: id,
      details: { delivery: deliveryId, event: delivery.event },
    });
    await announceWebhooks(tx, actor.tenantId);
  });
}

function parseId(input: { id: string }) {
  const parsed = z.object({ id: z.uuid() }).safeParse(input);
  if (!parsed.success) throw noSuchWebhook();
  return parsed.data;
}

const noSuchDelivery = () => new AppError("not_found", "There is no such delivery of this webhook.");
const noSuchWebhook = () => new AppError("not_found", "There is no such webhook in this tenant.");
