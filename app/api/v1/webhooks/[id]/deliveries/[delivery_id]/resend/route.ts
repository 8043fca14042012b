import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { resendWebhookDelivery } from "@/lib/webhooks/endpoints";

/** Queues a delivery that was given up again, from its first attempt (same id and body). */
export const POST = apiRoute<{ id: string; delivery_id: string }>(
  { scope: "webhooks:manage", responses: { 202: z.object({ queued: z.boolean() }) } },
  async ({ actor, params }) => {
    await resendWebhookDelivery(getDb(), actor, { id: params.id, deliveryId: params.delivery_id });
    return Response.json({ queued: true }, { status: 202 });
  },
);
