import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { DocumentSummary } from "@/lib/documents/documents";
import { DocumentSource, formatSize } from "./document-source";

type Props = { documents: DocumentSummary[]; selected?: string };

export function DocumentTable({ documents, selected }: Props) {
  return (
    <div className="table-wrap">
      <table className="documents-table stacked-table">
        <thead>
          <tr>
            <th>Title</th>
            <th>Source</th>
            <th className="num">Size</th>
            <th className="num">Passages</th>
            <th>Added by</th>
            <th>Added</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <tr key={doc.id} data-document-id={doc.id} aria-current={doc.id === selected || undefined}>
              <td data-label="Title">
                <Link href={`/documents?doc=${doc.id}`}>{doc.title}</Link>
              </td>
              <td data-label="Source">
                <DocumentSource source={doc.source} />
              </td>
              <td className="num" data-label="Size">
                {formatSize(doc.bytes)}
              </td>
              <td className="num" data-label="Passages">
                {doc.chunkCount}
              </td>
              <td data-label="Added by">{doc.addedBy.label}</td>
              <td data-label="Added">
                <Time at={doc.createdAt} precision="minute" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
