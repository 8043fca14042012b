import { getDb } from "@/db/client";
import { deleteDocument, getDocument } from "@/lib/documents/documents";
import {
  documentAsJson,
  documentJson,
  documentSummaryAsJson,
  documentSummaryJson,
} from "@/lib/documents/documents-json";
import { apiRoute } from "@/lib/http/api-route";

type Params = { id: string };

/** One document with its text. */
export const GET = apiRoute<Params>(
  { scope: "documents:read", responses: { 200: documentJson } },
  async ({ actor, params }) => documentAsJson(await getDocument(getDb(), actor, params.id)),
);

/** Deletes the document and its chunks: agents no longer find it. */
export const DELETE = apiRoute<Params>(
  { scope: "documents:write", responses: { 200: documentSummaryJson } },
  async ({ actor, params }) => documentSummaryAsJson(await deleteDocument(getDb(), actor, params.id)),
);
