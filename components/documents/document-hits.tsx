import Link from "next/link";
import type { DocumentHit } from "@/lib/documents/search";

/** A search's passages as the search_documents tool would return them, best first. */
export function DocumentHits({ query, hits }: { query: string; hits: DocumentHit[] }) {
  if (hits.length === 0)
    return (
      <p className="muted" role="status">
        No passage matches “{query}”. Search finds words (and their other forms: “refunds” finds “refund”); “a
        phrase” and -word work.
      </p>
    );
  return (
    <ol className="document-hits" aria-label={`Passages for “${query}”`}>
      {hits.map((hit) => (
        <li key={`${hit.documentId}:${hit.seq}`}>
          <div>
            <Link href={`/documents?doc=${hit.documentId}&q=${encodeURIComponent(query)}`}>
              <strong>{hit.title}</strong>
            </Link>{" "}
            <span className="muted">
              passage {hit.seq + 1} · score {hit.score}
            </span>
          </div>
          <p className="document-hit-text">{hit.text}</p>
        </li>
      ))}
    </ol>
  );
}
