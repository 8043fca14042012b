import { and, desc, eq, getTableColumns } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { type DocumentRow, documents } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { afterPageCursor, keysetPage } from "@/lib/page-cursor";
import { documentQuerySchema, type NewDocument, newDocumentSchema } from "./limits";
import { type DocumentHit, searchDocumentChunks } from "./search";
import { insertDocument } from "./store";
import { embedNewDocument } from "./vectors/active";

export const documentListSchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type DocumentListFilter = z.input<typeof documentListSchema>;

/** A document as lists show it: everything but its text. */
export type DocumentSummary = Omit<DocumentRow, "body" | "tenantId">;

const { body: _body, tenantId: _tenant, ...summaryColumns } = getTableColumns(documents);

/** The tenant's documents, newest first, a page at a time. */
export async function listDocuments(
  db: DbOrTx,
  actor: Actor,
  filter: DocumentListFilter = {},
): Promise<{ documents: DocumentSummary[]; nextCursor: string | null }> {
  assertScope(actor, "documents:read");
  const f = documentListSchema.parse(filter);
  const rows = await db
    .select(summaryColumns)
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, actor.tenantId),
        f.cursor ? afterPageCursor(f.cursor, documents.createdAt, documents.id, "desc") : undefined,
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(f.limit + 1);
  const { page, nextCursor } = keysetPage(rows, f.limit, (row) => ({ at: row.createdAt, id: row.id }));
  return { documents: page, nextCursor };
}

const notFound = () => new AppError("not_found", "No document with that id in this tenant.");

async function ownDocument(db: DbOrTx, actor: Actor, id: string): Promise<DocumentRow> {
  if (!z.uuid().safeParse(id).success) throw notFound();
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, actor.tenantId), eq(documents.id, id)));
  if (!row) throw notFound();
  return row;
}

/** One document with its text; another tenant's reads as not found. */
export async function getDocument(db: DbOrTx, actor: Actor, id: string): Promise<DocumentRow> {
  assertScope(actor, "documents:read");
  return ownDocument(db, actor, id);
}

/**
 * A person or API key adds a document: stored with its chunks, audited as `document.added`, and
 * embedded where vector search is on.
 */
export async function addDocument(db: Db, actor: Actor, input: NewDocument): Promise<DocumentRow> {
  assertScope(actor, "documents:write");
  const parsed = newDocumentSchema.parse(input);
  const added = await db.transaction(async (tx) => {
    const document = await insertDocument(tx, {
      tenantId: actor.tenantId,
      title: parsed.title,
      source: parsed.source || null,
      text: parsed.text,
      addedBy: { actorType: actor.kind, actorId: actor.id, label: actor.label },
    });
    await recordAudit(tx, actor, {
      action: "document.added",
      targetType: "document",
      targetId: document.id,
      details: { title: document.title, bytes: document.bytes, chunks: document.chunkCount },
    });
    return document;
  });
  await embedNewDocument(db, added.id);
  return added;
}

/** Deletes a document and its chunks (agents no longer find it), audited as `document.deleted`. */
export async function deleteDocument(db: Db, actor: Actor, id: string): Promise<DocumentRow> {
  assertScope(actor, "documents:write");
  return db.transaction(async (tx) => {
    const document = await ownDocument(tx, actor, id);
    await tx.delete(documents).where(eq(documents.id, document.id));
    await recordAudit(tx, actor, {
      action: "document.deleted",
      targetType: "document",
      targetId: document.id,
      details: { title: document.title },
    });
    return document;
  });
}

/** What `search_documents` would return for this query: the best chunks, best first. */
export async function searchDocuments(
  db: DbOrTx,
  actor: Actor,
  query: string,
  limit = 10,
): Promise<DocumentHit[]> {
  assertScope(actor, "documents:read");
  const parsed = documentQuerySchema.safeParse(query);
  if (!parsed.success)
    throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "The query is not valid.", {
      field: "q",
    });
  return searchDocumentChunks(db, { tenantId: actor.tenantId, query: parsed.data, limit });
}
