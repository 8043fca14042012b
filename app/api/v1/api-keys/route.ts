import { z } from "zod";
import { getDb } from "@/db/client";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/api-keys/api-keys";
import { apiRoute } from "@/lib/http/api-route";
import { apiKeyJson, createdApiKeyJson, toApiKeyJson } from "./api-key-json";

export const GET = apiRoute(
  { scope: "api_keys:manage", responses: { 200: z.object({ api_keys: z.array(apiKeyJson) }) } },
  async ({ actor }) => ({
    api_keys: (await listApiKeys(getDb(), actor)).map(toApiKeyJson),
  }),
);

/** The plain key is in this response only: a retry with the same Idempotency-Key gets it without. */
export const POST = apiRoute(
  {
    scope: "api_keys:manage",
    body: createApiKeySchema,
    responses: { 201: createdApiKeyJson },
    shownOnce: { fields: ["key"], ifLost: "If it was lost, revoke this key and create another." },
  },
  async ({ actor, body }) => Response.json(await createApiKey(getDb(), actor, body), { status: 201 }),
);
