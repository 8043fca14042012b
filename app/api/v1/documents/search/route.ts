import { z } from "zod";
import { getDb } from "@/db/client";
import { searchDocuments } from "@/lib/documents/documents";
import { documentSearchJson, toDocumentSearchJson } from "@/lib/documents/documents-json";
import { documentQuerySchema } from "@/lib/documents/limits";
import { apiRoute } from "@/lib/http/api-route";

const searchQuery = z.object({
  q: documentQuerySchema,
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** The best passages for `q`, best first: what the search_documents tool returns to an agent. */
export const GET = apiRoute<Record<string, never>, undefined, typeof searchQuery>(
  { scope: "documents:read", query: searchQuery, responses: { 200: documentSearchJson } },
  async ({ actor, query }) =>
    toDocumentSearchJson(await searchDocuments(getDb(), actor, query.q, query.limit)),
);
