import { getDb } from "@/db/client";
import { revokeApiKey } from "@/lib/api-keys/api-keys";
import { apiRoute } from "@/lib/http/api-route";

export const DELETE = apiRoute<{ id: string }>(
  { scope: "api_keys:manage", responses: { 204: null } },
  async ({ actor, params }) => {
    await revokeApiKey(getDb(), actor, { id: params.id });
    return new Response(null, { status: 204 });
  },
);
