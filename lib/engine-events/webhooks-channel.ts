import { randomUUID } from "node:crypto";
import { and, arrayContains, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type WebhookEvent, webhookDeliveries, webhookEndpoints } from "@/db/schema";

/** Announced (on commit) whenever a delivery is queued; the triggers of migration 0044 use it too. */
export const WEBHOOKS_CHANNEL = "flightdeck_webhooks";

export async function announceWebhooks(db: DbOrTx, tenantId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, ${tenantId})`);
}

/**
 * Queues an event whose body is known when it happens (a budget alert: the day's figures then), for
 * every receiver of the tenant that subscribed to it, in the caller's transaction. Events about a
 * row (a run, an approval) are queued by triggers instead and built when first sent.
 */
export async function queueWebhookEvent(
  tx: DbOrTx,
  tenantId: string,
  event: WebhookEvent,
  body: Record<string, unknown>,
): Promise<number> {
  const receivers = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), arrayContains(webhookEndpoints.events, [event])));
  if (receivers.length === 0) return 0;
  await tx.insert(webhookDeliveries).values(
    receivers.map((receiver) => {
      const id = randomUUID();
      return {
        id,
        tenantId,
        endpointId: receiver.id,
        event,
        payload: { id, event, tenant: { id: tenantId }, ...body },
      };
    }),
  );
  await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, ${tenantId})`);
  return receivers.length;
}
