import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { listMemoryItems, memoryListSchema } from "@/lib/memory/agent-memory";
import { memoryPageJson, toMemoryItemJson } from "@/lib/memory/memory-json";

type Params = { id: string };

/** The agent's memory (`{id}`: its id or its name), most recently changed first; values redacted for viewers. */
export const GET = apiRoute<Params, undefined, typeof memoryListSchema>(
  { scope: "memory:read", query: memoryListSchema, responses: { 200: memoryPageJson } },
  async ({ actor, params, query }) => {
    const { items, nextCursor } = await listMemoryItems(getDb(), actor, params.id, query);
    return { items: items.map(toMemoryItemJson), next_cursor: nextCursor };
  },
);
