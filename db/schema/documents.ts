import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { tsvector } from "./tsvector";

/** Who added a document: a person (signed in) or an API key. */
export type DocumentAuthor = { actorType: "user" | "api_key" | "system"; actorId: string; label: string };

/**
 * A tenant's knowledge document: what its agents may look up with `search_documents`. Its text is
 * kept whole (to show it) and split into `document_chunks` (to search it). Documents are not edited:
 * a new text is a new document.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Where the text came from: a URL or a label ("Returns handbook, 2026 edition"). */
    source: text("source"),
    body: text("body").notNull(),
    /** The body's size in UTF-8 bytes. */
    bytes: integer("bytes").notNull(),
    chunkCount: integer("chunk_count").notNull(),
    addedBy: jsonb("added_by").$type<DocumentAuthor>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("documents_tenant_created_idx").on(t.tenantId, t.createdAt.desc(), t.id.desc())],
);

/**
 * A passage of a document, the unit search returns. The `english` configuration stems words, so
 * "refunds" finds "refund" in prose; the document's title is part of every chunk's vector, weighted
 * above the text.
 */
export const documentChunks = pgTable(
  "document_chunks",
  {
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    tenantId: uuid("tenant_id").notNull(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, text), 'B')`,
      ),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.seq] }),
    // Without the pending list (fastupdate) the planner trusts the index: documents are added
    // rarely and searched on every call, so a slower insert buys millisecond searches.
    index("document_chunks_search_idx").using("gin", t.search).with({ fastupdate: false }),
    index("document_chunks_tenant_idx").on(t.tenantId),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;
