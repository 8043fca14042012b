import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * The optional vector side of document search lives outside the Drizzle schema and migrations:
 * the `vector` extension (pgvector) is not on every PostgreSQL (embedded PostgreSQL has none), and
 * a migration that needs it would fail there. `enableDocumentVectors` creates it where it can.
 */
export const EMBEDDINGS_TABLE = "document_chunk_embeddings";

/** Whether this server could load pgvector (`create extension vector`). */
export async function vectorExtensionAvailable(db: DbOrTx): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from pg_available_extensions where name = 'vector'`);
  return rows.length > 0;
}

/** Whether the embeddings table exists: vector search is set up in this database. */
export async function vectorTableReady(db: DbOrTx): Promise<boolean> {
  const rows = await db.execute<{ ready: boolean }>(
    sql`select to_regclass(${EMBEDDINGS_TABLE}) is not null as ready`,
  );
  return rows[0]?.ready === true;
}

export class VectorsUnavailableError extends Error {}

/**
 * Creates the extension and the table of chunk embeddings (`dimensions` wide, the embedding
 * model's size) with an HNSW index for cosine distance. Safe to run again; refuses clearly where
 * pgvector is not installed, or where the table exists with another width.
 */
export async function enableDocumentVectors(db: DbOrTx, dimensions: number): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000)
    throw new VectorsUnavailableError(
      `Embeddings need a width from 1 to 2000 dimensions (the HNSW index's limit), not ${dimensions}.`,
    );
  if (!(await vectorExtensionAvailable(db)))
    throw new VectorsUnavailableError(
      "This PostgreSQL server has no pgvector (the extension 'vector' is not in pg_available_extensions): install it on the server, or keep full-text search alone.",
    );
  await db.execute(sql`create extension if not exists vector`);
  await db.execute(
    sql.raw(`create table if not exists ${EMBEDDINGS_TABLE} (
      document_id uuid not null,
      seq integer not null,
      tenant_id uuid not null,
      model text not null,
      embedding vector(${dimensions}) not null,
      primary key (document_id, seq),
      foreign key (document_id, seq) references document_chunks (document_id, seq) on delete cascade
    )`),
  );
  const [width] = await db.execute<{ width: number }>(
    sql`select atttypmod as width from pg_attribute where attrelid = ${EMBEDDINGS_TABLE}::regclass and attname = 'embedding'`,
  );
  if (width && width.width !== dimensions)
    throw new VectorsUnavailableError(
      `${EMBEDDINGS_TABLE} holds ${width.width}-dimension embeddings, not ${dimensions}: drop it to change models.`,
    );
  await db.execute(
    sql.raw(
      `create index if not exists ${EMBEDDINGS_TABLE}_hnsw_idx on ${EMBEDDINGS_TABLE} using hnsw (embedding vector_cosine_ops)`,
    ),
  );
  await db.execute(
    sql.raw(
      `create index if not exists ${EMBEDDINGS_TABLE}_tenant_idx on ${EMBEDDINGS_TABLE} (tenant_id, model)`,
    ),
  );
}
