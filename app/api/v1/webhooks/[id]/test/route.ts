import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { sendTestWebhook } from "@/lib/webhooks/endpoints";

/** Queues a `ping` to the webhook; its delivery shows in the webhook's recent deliveries. */
export const POST = apiRoute<{ id: string }>(
  { scope: "webhooks:manage", responses: { 202: z.object({ queued: z.boolean() }) } },
  async ({ actor, params }) => {
    await sendTestWebhook(getDb(), actor, { id: params.id });
    return Response.json({ queued: true }, { status: 202 });
  },
);
