import "@/components/documents/documents.css";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requirePageSession } from "@/app/(app)/page-session";
import { AddDocument } from "@/components/documents/add-document";
import { DeleteDocument } from "@/components/documents/delete-document";
import { DocumentHits } from "@/components/documents/document-hits";
import { DocumentSource } from "@/components/documents/document-source";
import { DocumentTable } from "@/components/documents/document-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { PageLoading } from "@/components/ui/page-loading";
import { getDb } from "@/db/client";
import { type Actor, can } from "@/lib/auth/actor";
import { getDocument, listDocuments, searchDocuments } from "@/lib/documents/documents";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Documents" };

/** A long document is shown in part: the page stays light, the API returns the whole text. */
const SHOWN_CHARS = 20_000;

type SearchParams = { q?: string; doc?: string; cursor?: string };

/** Refusals a person can cause by editing the address (a bad id, query or cursor): shown, not thrown. */
async function shown<T>(work: Promise<T>): Promise<T | { refused: string }> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid_input"))
      return { refused: error.message };
    throw error;
  }
}

const refusal = (value: unknown): value is { refused: string } =>
  typeof value === "object" && value !== null && "refused" in value;

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor } = await requirePageSession();
  if (!can(actor, "documents:read")) return <Forbidden what="documents" />;
  const query = await searchParams;
  const canWrite = can(actor, "documents:write");
  return (
    <>
      <PageHeader
        title="Documents"
        description="The team's knowledge (handbooks, policies, how-tos) that agents granted the search_documents tool look up. Their text reaches the model as untrusted text."
      />
      <section className="card" aria-labelledby="documents-search-title">
        <h2 id="documents-search-title">Search</h2>
        <form className="document-search" method="get" action="/documents">
          <label>
            Words to find
            <input
              name="q"
              type="search"
              defaultValue={query.q ?? ""}
              placeholder="return window"
              maxLength={200}
            />
          </label>
          <button type="submit" className="button-secondary">
            Search
          </button>
        </form>
        {query.q?.trim() && (
          <Suspense key={query.q} fallback={<PageLoading />}>
            <Hits actor={actor} q={query.q} />
          </Suspense>
        )}
      </section>
      {query.doc && (
        <Suspense key={query.doc} fallback={<PageLoading />}>
          <SelectedDocument actor={actor} id={query.doc} canWrite={canWrite} />
        </Suspense>
      )}
      <section className="card" aria-labelledby="documents-list-title">
        <h2 id="documents-list-title">All documents</h2>
        <Suspense key={query.cursor ?? ""} fallback={<PageLoading />}>
          <DocumentList actor={actor} cursor={query.cursor} selected={query.doc} canWrite={canWrite} />
        </Suspense>
      </section>
      {canWrite && (
        <section className="card" aria-labelledby="documents-new-title">
          <h2 id="documents-new-title">Add a document</h2>
          <AddDocument />
        </section>
      )}
    </>
  );
}

async function Hits({ actor, q }: { actor: Actor; q: string }) {
  const hits = await shown(searchDocuments(getDb(), actor, q));
  if (refusal(hits))
    return (
      <p className="alert alert-error" role="alert">
        {hits.refused}
      </p>
    );
  return <DocumentHits query={q.trim()} hits={hits} />;
}

async function DocumentList(props: { actor: Actor; cursor?: string; selected?: string; canWrite: boolean }) {
  const listed = await shown(listDocuments(getDb(), props.actor, { cursor: props.cursor }));
  if (refusal(listed))
    return (
      <p className="alert alert-error" role="alert">
        That page of documents does not exist. <Link href="/documents">Back to the first page</Link>.
      </p>
    );
  if (listed.documents.length === 0)
    return (
      <EmptyState icon="📚" title={props.cursor ? "No more documents" : "No documents yet"}>
        {props.canWrite
          ? "Add the team's handbooks and policies below: agents granted the search_documents tool find their passages."
          : "Operators add the team's handbooks and policies here; agents granted the search_documents tool find their passages."}
      </EmptyState>
    );
  return (
    <>
      <DocumentTable documents={listed.documents} selected={props.selected} />
      {listed.nextCursor && (
        <div className="documents-pager">
          <Link href={`/documents?cursor=${listed.nextCursor}`}>Older documents →</Link>
        </div>
      )}
    </>
  );
}

async function SelectedDocument({ actor, id, canWrite }: { actor: Actor; id: string; canWrite: boolean }) {
  const document = await shown(getDocument(getDb(), actor, id));
  if (refusal(document))
    return (
      <p className="alert alert-warn" role="status">
        {document.refused}
      </p>
    );
  return (
    <section className="card" aria-labelledby="document-title">
      <div className="trace-head">
        <h2 id="document-title">{document.title}</h2>
        <Link href="/documents">Close</Link>
      </div>
      <p className="muted">
        Source: <DocumentSource source={document.source} /> · added by {document.addedBy.label} ·{" "}
        {document.chunkCount} passage{document.chunkCount === 1 ? "" : "s"}
      </p>
      <div className="document-text">
        {document.body.length > SHOWN_CHARS ? `${document.body.slice(0, SHOWN_CHARS)}…` : document.body}
      </div>
      {document.body.length > SHOWN_CHARS && (
        <p className="muted">
          The first {SHOWN_CHARS.toLocaleString("en-US")} characters are shown; the API returns the whole
          text.
        </p>
      )}
      {canWrite && (
        <div className="form-actions">
          <DeleteDocument id={document.id} title={document.title} />
        </div>
      )}
    </section>
  );
}
