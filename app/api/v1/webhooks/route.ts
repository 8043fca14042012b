import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { createWebhookEndpoint, createWebhookSchema, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { toWebhookJson } from "@/lib/webhooks/webhook-json";

export const GET = apiRoute({ scope: "webhooks:manage" }, async ({ actor }) => ({
  webhooks: (await listWebhookEndpoints(getDb(), actor)).map(toWebhookJson),
}));

/** The signing secret is in this response only. */
export const POST = apiRoute(
  { scope: "webhooks:manage", body: createWebhookSchema },
  async ({ actor, body }) => {
    const { id, secret } = await createWebhookEndpoint(getDb(), actor, body);
    return Response.json({ id, url: body.url, events: body.events, secret }, { status: 201 });
  },
);
