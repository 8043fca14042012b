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

/** The plain key is in this response only. */
export const POST = apiRoute(
  { scope: "api_keys:manage", body: createApiKeySchema, responses: { 201: createdApiKeyJson } },
  async ({ actor, body }) => Response.json(await createApiKey(getDb(), actor, body), { status: 201 }),
);
