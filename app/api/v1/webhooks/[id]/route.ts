import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const DELETE = apiRoute<{ id: string }>(
  { scope: "webhooks:manage", responses: { 204: null } },
  async ({ actor, params }) => {
    await deleteWebhookEndpoint(getDb(), actor, { id: params.id });
    return new Response(null, { status: 204 });
  },
);
