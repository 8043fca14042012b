import { z } from "zod";
import type { DocumentAuthor, DocumentRow } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import type { DocumentSummary } from "./documents";
import type { DocumentHit } from "./search";

const addedByJson = z.object({ actor_type: z.string(), actor_id: z.string(), label: z.string() });

export const documentSummaryJson = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string().nullable(),
  bytes: z.number(),
  chunk_count: z.number(),
  added_by: addedByJson,
  created_at: timestamp,
});
export const documentJson = documentSummaryJson.extend({ text: z.string() });
export const documentPageJson = z.object({
  documents: z.array(documentSummaryJson),
  next_cursor: z.string().nullable(),
});
export const documentSearchJson = z.object({
  results: z.array(
    z.object({
      document_id: z.string(),
      chunk: z.number(),
      title: z.string(),
      source: z.string().nullable(),
      text: z.string(),
      score: z.number(),
    }),
  ),
});

const toAddedByJson = (author: DocumentAuthor): z.input<typeof addedByJson> => ({
  actor_type: author.actorType,
  actor_id: author.actorId,
  label: author.label,
});

export const documentSummaryAsJson = (doc: DocumentSummary): z.input<typeof documentSummaryJson> => ({
  id: doc.id,
  title: doc.title,
  source: doc.source,
  bytes: doc.bytes,
  chunk_count: doc.chunkCount,
  added_by: toAddedByJson(doc.addedBy),
  created_at: doc.createdAt,
});

export const documentAsJson = (doc: DocumentRow): z.input<typeof documentJson> => ({
  ...documentSummaryAsJson(doc),
  text: doc.body,
});

export const toDocumentSearchJson = (hits: DocumentHit[]): z.input<typeof documentSearchJson> => ({
  results: hits.map((hit) => ({
    document_id: hit.documentId,
    chunk: hit.seq,
    title: hit.title,
    source: hit.source,
    text: hit.text,
    score: hit.score,
  })),
});
