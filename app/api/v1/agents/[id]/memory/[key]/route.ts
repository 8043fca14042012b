import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { getMemoryItem, toItemView } from "@/lib/memory/agent-memory";
import { deleteMemoryItem, putMemoryItem, putMemorySchema } from "@/lib/memory/edit-memory";
import { sessionKeySchema } from "@/lib/memory/limits";
import {
  memoryItemDetailJson,
  memoryItemJson,
  toMemoryItemJson,
  toMemoryVersionJson,
} from "@/lib/memory/memory-json";

type Params = { id: string; key: string };

/** `session`: the item of that session; absent: the agent's own. */
const sessionQuery = z.object({ session: sessionKeySchema.optional() });

/** One item and every version of it, newest first. */
export const GET = apiRoute<Params, undefined, typeof sessionQuery>(
  { scope: "memory:read", query: sessionQuery, responses: { 200: memoryItemDetailJson } },
  async ({ actor, params, query }) => {
    const { item, versions } = await getMemoryItem(getDb(), actor, params.id, params.key, query.session);
    return { item: toMemoryItemJson(item), versions: versions.map(toMemoryVersionJson) };
  },
);

const putBody = snakeCaseBody(putMemorySchema);

/** Writes the key's next version, marked as written by the caller (`expected_version` guards a lost update). */
export const PUT = apiRoute<Params, typeof putBody>(
  { scope: "memory:write", body: putBody, responses: { 200: memoryItemJson } },
  async ({ actor, params, body }) =>
    toMemoryItemJson(toItemView(await putMemoryItem(getDb(), actor, params.id, params.key, body), false)),
);

/** Deletes the key; its history stays. */
export const DELETE = apiRoute<Params, undefined, typeof sessionQuery>(
  { scope: "memory:write", query: sessionQuery, responses: { 200: memoryItemJson } },
  async ({ actor, params, query }) =>
    toMemoryItemJson(
      toItemView(await deleteMemoryItem(getDb(), actor, params.id, params.key, query.session), false),
    ),
);
