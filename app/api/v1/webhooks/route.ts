import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { createWebhookEndpoint, createWebhookSchema, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { createdWebhookJson, toWebhookJson, webhookJson } from "@/lib/webhooks/webhook-json";

export const GET = apiRoute(
  { scope: "webhooks:manage", responses: { 200: z.object({ webhooks: z.array(webhookJson) }) } },
  async ({ actor }) => ({
    webhooks: (await listWebhookEndpoints(getDb(), actor)).map(toWebhookJson),
  }),
);

/** The signing secret is in this response only: a retry with the same Idempotency-Key gets it without. */
export const POST = apiRoute(
  {
    scope: "webhooks:manage",
    body: createWebhookSchema,
    responses: { 201: createdWebhookJson },
    shownOnce: { fields: ["secret"], ifLost: "If it was lost, delete this webhook and add it again." },
  },
  async ({ actor, body }) => {
    const { id, secret } = await createWebhookEndpoint(getDb(), actor, body);
    const created: z.input<typeof createdWebhookJson> = {
      id,
      url: body.url,
      events: body.events,
      format: body.format,
      secret,
    };
    return Response.json(created, { status: 201 });
  },
);
