import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { type Embedder, embedderFromEnv } from "./embedder";
import { embedMissingChunks } from "./embeddings";
import { vectorTableReady } from "./setup";

/** How long a "not set up" answer is trusted before the table is looked for again. */
const RECHECK_MS = 60_000;
let ready: { at: number; value: boolean } | null = null;

/**
 * The embedder document search and new documents use, or null: no embedding model configured, or
 * no embeddings table in this database (`npm run documents:vectors`). Full-text search works alone.
 */
export async function activeEmbedder(db: DbOrTx): Promise<Embedder | null> {
  const embedder = embedderFromEnv(env());
  if (!embedder) return null;
  const now = Date.now();
  if (!ready || (!ready.value && now - ready.at > RECHECK_MS))
    ready = { at: now, value: await vectorTableReady(db) };
  return ready.value ? embedder : null;
}

/**
 * Embeds a new document's chunks where vectors are on. A model that fails leaves the document
 * searchable by its words; `npm run documents:vectors` embeds what is missing later.
 */
export async function embedNewDocument(db: DbOrTx, documentId: string): Promise<void> {
  const embedder = await activeEmbedder(db);
  if (!embedder) return;
  await embedMissingChunks(db, embedder, { documentId }).catch((error: unknown) => {
    console.error(`Embedding document ${documentId} failed; it is found by its words only for now.`, error);
  });
}
