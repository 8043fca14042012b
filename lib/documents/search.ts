import type { DbOrTx } from "@/db/client";
import { searchChunks } from "./store";

/** A chunk found for a query, best first, with the text clipped for a model's context. */
export type DocumentHit = {
  documentId: string;
  seq: number;
  title: string;
  source: string | null;
  text: string;
  score: number;
};

/** A hit's text is cut to this many characters: enough to answer from, small enough for ten of them. */
export const HIT_TEXT_CHARS = 1200;

export const clip = (text: string, max = HIT_TEXT_CHARS): string =>
  text.length <= max ? text : `${text.slice(0, max).trimEnd()}…`;

/** The tenant's best chunks for a query: PostgreSQL full-text search (english configuration). */
export async function searchDocumentChunks(
  db: DbOrTx,
  input: { tenantId: string; query: string; limit: number },
): Promise<DocumentHit[]> {
  const hits = await searchChunks(db, input);
  return hits.map((hit) => ({ ...hit, text: clip(hit.text), score: round(hit.score) }));
}

const round = (score: number) => Math.round(score * 10_000) / 10_000;
