import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type DocumentAuthor, type DocumentRow, documentChunks, documents } from "@/db/schema";
import { chunkText } from "./chunking";

/** Chunks are inserted this many per statement: a 1 MiB document makes several hundred. */
const INSERT_BATCH = 200;

export type DocumentInsert = {
  tenantId: string;
  title: string;
  source: string | null;
  text: string;
  addedBy: DocumentAuthor;
};

/** Stores a document and its chunks in one transaction. */
export async function insertDocument(db: DbOrTx, input: DocumentInsert): Promise<DocumentRow> {
  const chunks = chunkText(input.text);
  return db.transaction(async (tx) => {
    const [document] = await tx
      .insert(documents)
      .values({
        tenantId: input.tenantId,
        title: input.title,
        source: input.source,
        body: input.text,
        bytes: Buffer.byteLength(input.text, "utf8"),
        chunkCount: chunks.length,
        addedBy: input.addedBy,
      })
      .returning();
    if (!document) throw new Error("The document insert returned no row.");
    const rows = chunks.map((text, seq) => ({
      documentId: document.id,
      seq,
      tenantId: input.tenantId,
      title: input.title,
      text,
    }));
    for (let at = 0; at < rows.length; at += INSERT_BATCH)
      await tx.insert(documentChunks).values(rows.slice(at, at + INSERT_BATCH));
    return document;
  });
}

/** A chunk that matched a search, best first. */
export type ChunkHit = {
  documentId: string;
  seq: number;
  title: string;
  source: string | null;
  text: string;
  /** ts_rank_cd normalised to 0..1 (rank / (rank + 1)). */
  score: number;
};

/** A hit's columns (chunks joined to their documents), its score aside. */
export const hitColumns = {
  documentId: documentChunks.documentId,
  seq: documentChunks.seq,
  title: documentChunks.title,
  source: documents.source,
  text: documentChunks.text,
};

/** The tenant's chunks matching `query` (websearch syntax, english configuration), best first. */
export async function searchChunks(
  db: DbOrTx,
  input: { tenantId: string; query: string; limit: number },
): Promise<ChunkHit[]> {
  const query = sql`websearch_to_tsquery('english', ${input.query})`;
  const rank = sql<number>`ts_rank_cd(${documentChunks.search}, ${query}, 32)`;
  const rows = await db
    .select({ ...hitColumns, score: rank.mapWith(Number) })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .where(and(eq(documentChunks.tenantId, input.tenantId), sql`${documentChunks.search} @@ ${query}`))
    .orderBy(sql`${rank} desc`, documentChunks.documentId, documentChunks.seq)
    .limit(input.limit);
  return rows;
}
