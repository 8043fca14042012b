import { getDb } from "@/db/client";
import { addDocument, documentListSchema, listDocuments } from "@/lib/documents/documents";
import {
  documentAsJson,
  documentJson,
  documentPageJson,
  documentSummaryAsJson,
} from "@/lib/documents/documents-json";
import { newDocumentSchema } from "@/lib/documents/limits";
import { apiRoute } from "@/lib/http/api-route";

/** The tenant's documents, newest first, without their text. */
export const GET = apiRoute(
  { scope: "documents:read", query: documentListSchema, responses: { 200: documentPageJson } },
  async ({ actor, query }) => {
    const { documents, nextCursor } = await listDocuments(getDb(), actor, query);
    return { documents: documents.map(documentSummaryAsJson), next_cursor: nextCursor };
  },
);

/** Adds a document (`{ title, text, source? }`, text at most 1 MiB); its chunks are searchable at once. */
export const POST = apiRoute(
  {
    scope: "documents:write",
    body: newDocumentSchema,
    responses: { 201: documentJson },
    // 1 MiB of text, more once escaped in JSON.
    maxBodyBytes: 3 * 1024 * 1024,
  },
  async ({ actor, body }) =>
    Response.json(documentAsJson(await addDocument(getDb(), actor, body)), { status: 201 }),
);
