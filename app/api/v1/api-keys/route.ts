import { getDb } from "@/db/client";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys/api-keys";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ scope: "api_keys:manage" }, async ({ actor }) => ({
  apiKeys: await listApiKeys(getDb(), actor),
}));

/** The plain key is in this response only. */
export const POST = apiRoute(
  { scope: "api_keys:manage", body: createApiKeySchema },
  async ({ actor, body }) => Response.json(await createApiKey(getDb(), actor, body), { status: 201 }),
);
