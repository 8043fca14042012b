import { database } from "@/db/client";
import { activeEmbedder } from "@/lib/documents/vectors/active";
import { embedMissingChunks } from "@/lib/documents/vectors/embeddings";
import { enableDocumentVectors, VectorsUnavailableError } from "@/lib/documents/vectors/setup";
import { env } from "@/lib/env";
import { prepare } from "./prepare";

/**
 * Turns on vector search for documents where PostgreSQL has pgvector: creates the extension and
 * the embeddings table (`--dimensions N`, the embedding model's width), then embeds every chunk
 * that has no vector yet with FLIGHTDECK_EMBEDDING_MODEL. Safe to run again (it only adds).
 */
const at = process.argv.indexOf("--dimensions");
const dimensions = Number(at > 0 ? process.argv[at + 1] : Number.NaN);
const resolved = await prepare();
const { db } = database();
let exitCode = 0;
try {
  if (!env().FLIGHTDECK_EMBEDDING_MODEL)
    throw new VectorsUnavailableError(
      "Set FLIGHTDECK_EMBEDDING_MODEL first (e.g. openai:text-embedding-3-small).",
    );
  await enableDocumentVectors(db, dimensions);
  const embedder = await activeEmbedder(db);
  if (!embedder)
    throw new VectorsUnavailableError(
      `${env().FLIGHTDECK_EMBEDDING_MODEL} is not usable: its provider needs its API key or base URL.`,
    );
  const embedded = await embedMissingChunks(db, embedder);
  console.log(
    `Vector search is on (${embedder.name}, ${dimensions} dimensions); ${embedded} passages embedded.`,
  );
} catch (error) {
  if (!(error instanceof VectorsUnavailableError)) throw error;
  console.error(error.message);
  exitCode = 1;
}
await database().close();
await resolved.embedded?.stop();
process.exit(exitCode);
