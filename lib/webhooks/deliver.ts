import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type WebhookFormat, webhookDeliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { postJson } from "@/lib/net/post-json";
import { eventPayload } from "./payloads";
import { SIGNATURE_HEADER, signWebhook } from "./signature";
import { slackMessage } from "./slack-message";

/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery is given up (about 8 hours in all). */
export const RETRY_DELAYS_SECONDS = [10, 30, 120, 600, 1_800, 3_600, 7_200, 14_400];
/** A sender that dies while sending leaves the delivery to be tried again after this. */
const CLAIM_SECONDS = 60;
const BATCH = 20;

export type DeliveryOptions = { allowPrivate: boolean; timeoutMs: number };

const defaults = (): DeliveryOptions => ({
  allowPrivate: env().FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE ?? false,
  timeoutMs: 5_000,
});

type Due = {
  id: string;
  tenant_id: string;
  event: string;
  subject_id: string | null;
  payload: Record<string, unknown> | null;
  attempts: number;
  url: string;
  secret: string;
  format: WebhookFormat;
};

/**
 * Sends the deliveries that are due, at least once each: a delivery is claimed by moving its next
 * attempt a minute on (skipping those another process holds), so several processes share the work
 * and one that dies mid-send leaves it to the others. Returns how many were attempted.
 */
export async function deliverDueWebhooks(db: Db, options: DeliveryOptions = defaults()): Promise<number> {
  const due = (await db.execute(sql`
    update webhook_deliveries d
       set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_SECONDS})
      from webhook_endpoints e
     where e.id = d.endpoint_id
       and d.id in (select id from webhook_deliveries
                     where status = 'pending' and next_attempt_at <= now()
                     order by next_attempt_at limit ${BATCH}
                     for update skip locked)
    returning d.id, d.tenant_id, d.event, d.subject_id, d.payload, d.attempts, e.url, e.secret, e.format`)) as unknown as Due[];
  await Promise.all(due.map((delivery) => attempt(db, delivery, options)));
  return due.length;
}

async function attempt(db: Db, delivery: Due, options: DeliveryOptions): Promise<void> {
  let payload = delivery.payload;
  try {
    payload ??= await eventPayload(db, {
      id: delivery.id,
      tenantId: delivery.tenant_id,
      event: delivery.event,
      subjectId: delivery.subject_id,
    });
  } catch (error) {
    return settle(db, delivery, { error: `The event could not be built: ${messageOf(error)}` });
  }
  if (!payload) return giveUp(db, delivery.id, "What the event was about no longer exists.");
  // The kept payload is the event; a Slack receiver gets it as a message (the same bytes on every retry).
  const body = JSON.stringify(delivery.format === "slack" ? slackMessage(delivery.event, payload) : payload);
  try {
    const status = await postJson(delivery.url, body, {
      headers: {
        [SIGNATURE_HEADER]: signWebhook(delivery.secret, body),
        "flightdeck-event": delivery.event,
        "flightdeck-delivery": delivery.id,
      },
      timeoutMs: options.timeoutMs,
      allowPrivate: options.allowPrivate,
    });
    await settle(db, delivery, { payload, status });
  } catch (error) {
    await settle(db, delivery, { payload, error: messageOf(error) });
  }
}

async function settle(
  db: Db,
  delivery: Due,
  outcome: { payload?: Record<string, unknown>; status?: number; error?: string },
): Promise<void> {
  const delivered = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
  const delay = RETRY_DELAYS_SECONDS[delivery.attempts - 1];
  const error = outcome.error ?? (delivered ? null : `The receiver answered ${outcome.status}.`);
  await db
    .update(webhookDeliveries)
    .set({
      payload: outcome.payload ?? delivery.payload,
      lastStatus: outcome.status ?? null,
      lastError: error?.slice(0, 500) ?? null,
      ...(delivered
        ? { status: "delivered", deliveredAt: new Date() }
        : delay === undefined
          ? { status: "failed" }
          : { nextAttemptAt: sql`now() + make_interval(secs => ${delay})` }),
    })
    .where(eq(webhookDeliveries.id, delivery.id));
}

async function giveUp(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: "failed", lastError: error })
    .where(eq(webhookDeliveries.id, id));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
