import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { documentChunks, documents } from "@/db/schema";
import { fuseRanks } from "./rank-fusion";
import { type ChunkHit, hitColumns, searchChunks } from "./store";
import { activeEmbedder } from "./vectors/active";
import type { Embedder } from "./vectors/embedder";
import { nearestChunks } from "./vectors/embeddings";

/** A chunk found for a query, best first, with the text clipped for a model's context. */
export type DocumentHit = ChunkHit;

/** A hit's text is cut to this many characters: enough to answer from, small enough for ten of them. */
export const HIT_TEXT_CHARS = 1200;
/** Each ranking fused in hybrid search looks this many times deeper than the answer. */
const FUSION_DEPTH = 3;

export const clip = (text: string, max = HIT_TEXT_CHARS): string =>
  text.length <= max ? text : `${text.slice(0, max).trimEnd()}…`;

type SearchInput = { tenantId: string; query: string; limit: number };
type ChunkKey = { documentId: string; seq: number };

/** A second ranking of the tenant's chunks for a query, nearest first: by embedding (pgvector). */
export type VectorRanking = (db: DbOrTx, input: SearchInput) => Promise<ChunkKey[]>;

export const rankByEmbedding =
  (embedder: Embedder): VectorRanking =>
  (db, input) =>
    nearestChunks(db, embedder, input);

/**
 * The tenant's best chunks for a query: PostgreSQL full-text search (english configuration), fused
 * with the nearest chunks by embedding (reciprocal rank fusion) where vectors are set up. `vectors`
 * overrides the configured ranking (tests); null turns it off.
 */
export async function searchDocumentChunks(
  db: DbOrTx,
  input: SearchInput,
  vectors?: VectorRanking | null,
): Promise<DocumentHit[]> {
  const ranking = vectors === undefined ? await configuredRanking(db) : vectors;
  const hits = ranking ? await hybridSearch(db, input, ranking) : await searchChunks(db, input);
  return hits.map((hit) => ({ ...hit, text: clip(hit.text), score: round(hit.score) }));
}

async function configuredRanking(db: DbOrTx): Promise<VectorRanking | null> {
  const embedder = await activeEmbedder(db);
  return embedder ? rankByEmbedding(embedder) : null;
}

const keyOf = (hit: ChunkKey) => `${hit.documentId}:${hit.seq}`;

/** Full-text and vector rankings fused; the score is the fused one (RRF), not ts_rank. */
async function hybridSearch(db: DbOrTx, input: SearchInput, vectors: VectorRanking): Promise<ChunkHit[]> {
  const deeper = { ...input, limit: input.limit * FUSION_DEPTH };
  const [byWords, byMeaning] = await Promise.all([searchChunks(db, deeper), vectors(db, deeper)]);
  const fused = fuseRanks([byWords.map(keyOf), byMeaning.map(keyOf)]);
  const known = new Map(byWords.map((hit) => [keyOf(hit), hit]));
  const rows = await chunksByKey(
    db,
    input.tenantId,
    fused.map((f) => f.item).filter((key) => !known.has(key)),
  );
  for (const row of rows) known.set(keyOf(row), row);
  // Only the tenant's chunks are loaded: a key of anyone else's falls out before the limit is cut.
  return fused
    .flatMap(({ item, score }) => {
      const hit = known.get(item);
      return hit ? [{ ...hit, score }] : [];
    })
    .slice(0, input.limit);
}

/** The chunks the vector ranking found that full-text search did not. */
async function chunksByKey(db: DbOrTx, tenantId: string, keys: string[]): Promise<ChunkHit[]> {
  if (keys.length === 0) return [];
  return db
    .select({ ...hitColumns, score: sql<number>`0`.mapWith(Number) })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .where(
      and(
        eq(documentChunks.tenantId, tenantId),
        inArray(sql`${documentChunks.documentId} || ':' || ${documentChunks.seq}`, keys),
      ),
    );
}

const round = (score: number) => Math.round(score * 10_000) / 10_000;
