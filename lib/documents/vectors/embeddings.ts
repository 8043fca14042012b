import { embed, embedMany } from "ai";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { documentChunks } from "@/db/schema";
import type { Embedder } from "./embedder";
import { EMBEDDINGS_TABLE } from "./setup";

/** Chunks embedded per call to the model. */
const EMBED_BATCH = 64;

const table = sql.raw(EMBEDDINGS_TABLE);
/** pgvector's text form of a vector: `[0.1,0.2,…]`. */
const asVector = (values: number[]) => `[${values.join(",")}]`;

/**
 * Embeds the chunks (of one document, or of every document) that have no vector from this model
 * yet, a batch at a time. Returns how many it embedded.
 */
export async function embedMissingChunks(
  db: DbOrTx,
  embedder: Embedder,
  scope: { documentId?: string } = {},
): Promise<number> {
  let done = 0;
  for (;;) {
    const missing = await db
      .select({
        documentId: documentChunks.documentId,
        seq: documentChunks.seq,
        tenantId: documentChunks.tenantId,
        title: documentChunks.title,
        text: documentChunks.text,
      })
      .from(documentChunks)
      .where(
        and(
          scope.documentId ? eq(documentChunks.documentId, scope.documentId) : undefined,
          sql`not exists (select 1 from ${table} e where e.document_id = ${documentChunks.documentId} and e.seq = ${documentChunks.seq} and e.model = ${embedder.name})`,
        ),
      )
      .limit(EMBED_BATCH);
    if (missing.length === 0) return done;
    const { embeddings } = await embedMany({
      model: embedder.model,
      values: missing.map((chunk) => `${chunk.title}\n\n${chunk.text}`),
    });
    for (const [i, chunk] of missing.entries()) {
      const vector = embeddings[i];
      if (!vector)
        throw new Error(
          `The embedding model returned ${embeddings.length} vectors for ${missing.length} texts.`,
        );
      await db.execute(sql`insert into ${table} (document_id, seq, tenant_id, model, embedding)
        values (${chunk.documentId}, ${chunk.seq}, ${chunk.tenantId}, ${embedder.name}, ${asVector(vector)}::vector)
        on conflict (document_id, seq) do update set model = excluded.model, embedding = excluded.embedding`);
    }
    done += missing.length;
  }
}

/** The tenant's chunks nearest to the query's embedding (cosine distance), nearest first. */
export async function nearestChunks(
  db: DbOrTx,
  embedder: Embedder,
  input: { tenantId: string; query: string; limit: number },
): Promise<{ documentId: string; seq: number }[]> {
  const { embedding } = await embed({ model: embedder.model, value: input.query });
  const rows = await db.execute<{ document_id: string; seq: number }>(
    sql`select document_id, seq from ${table}
      where tenant_id = ${input.tenantId} and model = ${embedder.name}
      order by embedding <=> ${asVector(embedding)}::vector
      limit ${input.limit}`,
  );
  return rows.map((row) => ({ documentId: row.document_id, seq: Number(row.seq) }));
}
